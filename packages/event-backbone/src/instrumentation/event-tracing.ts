// Spans of the event path, through the OpenTelemetry API only: without a registered SDK every call
// below is a no-op. The trace context of the work that records an event travels with it (outbox
// entry → `traceparent` / `tracestate` message headers), and the consumer's span of each event
// continues that trace. kafkajs's own instrumentation does not fit an outbox: it would stamp the
// relay's context (a background loop) on the messages instead of the request's.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import type { CloudEvent } from '../envelope/cloud-event.js';

const tracer = trace.getTracer('@shuangchuang/event-backbone');

/** W3C trace context headers. */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** The trace context headers of `ctx` (the active one by default); empty without an SDK. */
export function traceHeadersOf(ctx: Context = context.active()): TraceHeaders {
  const carrier: TraceHeaders = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The producer's context carried by an event's headers. */
export function producerContextOf(event: Pick<CloudEvent, 'traceparent' | 'tracestate'>): Context {
  if (!event.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, event);
}

const messagingAttributes = (topic: string): Attributes => ({
  'messaging.system': 'kafka',
  'messaging.destination.name': topic,
});

/**
 * The span of `outbox.record()`, child of the active context (the request's): the events are
 * created in it, so their `traceparent` points at it (a no-op span without an SDK).
 */
export function startRecordSpan(topic: string, events: readonly { type: string }[]): Span {
  return tracer.startSpan(`create ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      ...messagingAttributes(topic),
      'messaging.operation.type': 'create',
      'messaging.batch.message_count': events.length,
      'cloudevents.event_type': events[0]!.type,
    },
  });
}

/** Links are what a relay round's span says of the events it sends; more would be noise. */
const MAX_LINKS = 128;

/** The relay's span of one produce request, linked to the contexts its events were created in. */
export function startSendSpan(topics: string[], headers: readonly Record<string, string>[]): Span {
  const span = tracer.startSpan(`send ${topics.join(' ')}`, {
    kind: SpanKind.PRODUCER,
    root: true,
    attributes: {
      ...messagingAttributes(topics.join(',')),
      'messaging.operation.type': 'send',
      'messaging.batch.message_count': headers.length,
    },
  });
  if (!span.isRecording()) return span;
  const links: Link[] = [];
  for (const carrier of headers) {
    if (links.length >= MAX_LINKS) break;
    if (!carrier.traceparent) continue;
    const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier));
    if (spanContext) links.push({ context: spanContext });
  }
  return span.addLinks(links);
}

/** Where a consumed event was read. */
export interface EventPlace {
  group: string;
  topic: string;
  partition: number;
  offset?: string;
}

/** The consumer's span of one event, a child of its producer's context. */
export function startProcessSpan(event: CloudEvent, place: EventPlace): Span {
  const span = tracer.startSpan(
    `process ${place.topic}`,
    { kind: SpanKind.CONSUMER },
    producerContextOf(event),
  );
  // Attributes only for a span that records them: this runs for every event consumed.
  if (!span.isRecording()) return span;
  return span.setAttributes({
    ...messagingAttributes(place.topic),
    'messaging.operation.type': 'process',
    'messaging.consumer.group.name': place.group,
    'messaging.destination.partition.id': String(place.partition),
    ...(place.offset !== undefined && { 'messaging.kafka.offset': Number(place.offset) }),
    'messaging.message.id': event.id,
    'cloudevents.event_id': event.id,
    'cloudevents.event_type': event.type,
    'cloudevents.event_subject': event.subject,
  });
}

/**
 * The span a batch-form handler runs in when it gets several events (each of which has its own
 * process span in its producer's trace): a root linked to every one of them.
 */
export function startBatchSpan(spans: Span[], place: EventPlace, type: string): Span {
  return tracer.startSpan(`process ${place.topic}`, {
    kind: SpanKind.CONSUMER,
    root: true,
    links: spans.slice(0, MAX_LINKS).map((span) => ({ context: span.spanContext() })),
    attributes: {
      ...messagingAttributes(place.topic),
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': place.group,
      'messaging.destination.partition.id': String(place.partition),
      'messaging.batch.message_count': spans.length,
      'cloudevents.event_type': type,
    },
  });
}

/** Runs `work` with `span` active, so the spans it starts (database writes) are its children. */
export function withSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/** Ends a span, as failed when `error` is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
