// OpenTelemetry tracing of a service: off unless an OTLP endpoint is configured (or a test gives
// its span processors). Spans come from the kit's HTTP pipeline (one server span per request),
// the event backbone (record, send, process of every event) and the MongoDB driver
// (@opentelemetry/instrumentation-mongodb, for commands made inside a traced operation). The SDK
// is loaded only when tracing is on (it costs a process about 100 ms and 9 MB at start).
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';

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
let running: Promise<Tracing> | undefined;
let active = false;

/** Whether the environment asks for tracing: an OTLP endpoint, and the SDK not disabled. */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Whether a tracer provider is recording (the kit skips span work otherwise). */
export function tracingActive(): boolean {
  return active;
}

/**
 * Installs the MongoDB driver instrumentation. It patches the driver's modules as they load, so it
 * must run before mongoose is imported: `node --import @shuangchuang/service-kit/tracing-register`
 * does it first thing (startService does it otherwise, too late for the driver already loaded).
 */
export async function registerTracingInstrumentations(): Promise<{ databaseSpans: boolean }> {
  return (await import('./tracing-sdk.js')).registerInstrumentationsOnce();
}

/**
 * Starts tracing once per process (later calls get the running one): the W3C trace context and
 * baggage propagators, an AsyncLocalStorage context manager, the given span processors or the
 * OTLP exporter the environment configures (`OTEL_EXPORTER_OTLP_*`, `OTEL_TRACES_SAMPLER`,
 * `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES` are read as the SDK documents them). Off
 * without either.
 */
export function startTracing(options: TracingOptions): Promise<Tracing> {
  if (running) return running;
  if (!options.spanProcessors && !tracingConfigured(options.env)) return Promise.resolve(OFF);
  running = import('./tracing-sdk.js').then(async (sdk) => {
    const tracing = await sdk.startTracerProvider(options);
    active = true;
    return tracing;
  });
  return running;
}
