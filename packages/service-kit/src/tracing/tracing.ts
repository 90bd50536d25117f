// OpenTelemetry tracing of a service: off unless an OTLP endpoint is configured (or a test gives
// its span processors). Spans come from the kit's HTTP pipeline (one server span per request),
// the event backbone (record, send, process of every event) and the MongoDB driver
// (@opentelemetry/instrumentation-mongodb, for commands made inside a traced operation).
import { createRequire } from 'node:module';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** `service.name` of the spans, unless `OTEL_SERVICE_NAME` says otherwise */
  serviceName: string;
  /**
   * Where spans go. By default an OTLP (http/protobuf) exporter when `OTEL_EXPORTER_OTLP_ENDPOINT`
   * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set; with neither, tracing stays off.
   */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  /** whether spans are recorded in this process */
  readonly enabled: boolean;
  /** whether MongoDB commands are traced (the driver was loaded after the instrumentation) */
  readonly databaseSpans: boolean;
  /** sends the spans still buffered (shutdown) */
  flush(): Promise<void>;
}

const OFF: Tracing = { enabled: false, databaseSpans: false, flush: async () => {} };

/** One tracer provider per process: several services started in one process (tests) share it. */
let running: Tracing | undefined;
let instrumented: { databaseSpans: boolean } | undefined;

/** Whether the environment asks for tracing: an OTLP endpoint, and the SDK not disabled. */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Whether a tracer provider is recording (the kit skips span work otherwise). */
export function tracingActive(): boolean {
  return running?.enabled === true;
}

/**
 * Installs the MongoDB driver instrumentation. It patches the driver's modules as they load, so it
 * must run before mongoose is imported: `node --import @shuangchuang/service-kit/tracing-register`
 * does it first thing (startService does it otherwise, too late for the driver already loaded).
 */
export function registerTracingInstrumentations(): { databaseSpans: boolean } {
  if (instrumented) return instrumented;
  const driverLoadedBefore = Object.keys(createRequire(import.meta.url).cache).some((path) =>
    /[\\/]mongodb[\\/]lib[\\/]cmap[\\/]connection\.js$/.test(path),
  );
  registerInstrumentations({
    // Only commands inside a traced operation (request, event handling): the relay's polling and
    // lease renewals would otherwise make a trace of their own every 100 ms.
    instrumentations: [new MongoDBInstrumentation({ requireParentSpan: true })],
  });
  instrumented = { databaseSpans: !driverLoadedBefore };
  return instrumented;
}

/**
 * Starts tracing once per process (later calls return the running one): the W3C trace context
 * and baggage propagators, an AsyncLocalStorage context manager, the given span processors or the
 * OTLP exporter the environment configures (`OTEL_EXPORTER_OTLP_*`, `OTEL_TRACES_SAMPLER`,
 * `OTEL_RESOURCE_ATTRIBUTES` are read as the SDK documents them). Off without either.
 */
export function startTracing(options: TracingOptions): Tracing {
  if (running) return running;
  const env = options.env ?? process.env;
  const spanProcessors =
    options.spanProcessors ??
    (tracingConfigured(env) ? [new BatchSpanProcessor(new OTLPTraceExporter())] : []);
  if (spanProcessors.length === 0) return OFF;
  const { databaseSpans } = registerTracingInstrumentations();
  const provider = new NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the service's own name.
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': options.serviceName }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors,
  });
  provider.register();
  running = { enabled: true, databaseSpans, flush: () => provider.forceFlush() };
  return running;
}
