// `node --import @shuangchuang/service-kit/tracing-register dist/main.js`: installs the database
// instrumentation before the service's modules load, when the environment asks for tracing
// (OTEL_EXPORTER_OTLP_ENDPOINT); nothing is loaded otherwise. startService starts the tracer
// provider either way.
import { registerTracingInstrumentations, tracingConfigured } from './tracing.js';

if (tracingConfigured()) await registerTracingInstrumentations();
