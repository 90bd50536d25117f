// BENCH_TRACING=memory: each bench process traces as a service with tracing on does (spans of the
// event path, the MongoDB driver's spans inside them) into an in-memory exporter, emptied every
// second. Imported first, before mongoose loads, as `--import …/tracing-register` does in services.
import { trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  NodeTracerProvider,
} from '@opentelemetry/sdk-trace-node';

export const tracingMode = process.env.BENCH_TRACING === 'memory' ? 'memory' : 'off';
export const exportedSpans = { count: 0 };

if (tracingMode === 'memory') {
  registerInstrumentations({
    instrumentations: [new MongoDBInstrumentation({ requireParentSpan: true })],
  });
  const exporter = new InMemorySpanExporter();
  new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] }).register();
  setInterval(() => {
    exportedSpans.count += exporter.getFinishedSpans().length;
    exporter.reset();
  }, 1_000).unref();
}

/** Runs `work` in a span standing for the request that would surround it in a service. */
export function asRequest<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (tracingMode === 'off') return work();
  return trace.getTracer('bench').startActiveSpan(name, async (span) => {
    try {
      return await work();
    } finally {
      span.end();
    }
  });
}
