// The OpenTelemetry SDK, loaded by tracing.ts only when tracing is on.
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
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Tracing, TracingOptions } from './tracing.js';

let instrumented: { databaseSpans: boolean } | undefined;

export function registerInstrumentationsOnce(): { databaseSpans: boolean } {
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

export async function startTracerProvider(options: TracingOptions): Promise<Tracing> {
  const { databaseSpans } = registerInstrumentationsOnce();
  const provider = new NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the service's own name.
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': options.serviceName }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: options.spanProcessors ?? [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return { enabled: true, databaseSpans, flush: () => provider.forceFlush() };
}
