// CloudEvents 1.0 in Kafka binary content mode: attributes travel as `ce_*` headers, `data` is the
// message value as JSON, the message key is the aggregate id so one entity's events stay in order.
// https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md
import type { IHeaders } from 'kafkajs';

export const JSON_CONTENT_TYPE = 'application/json';

export const CE_HEADERS = {
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  subject: 'ce_subject',
  time: 'ce_time',
  specversion: 'ce_specversion',
  dataschema: 'ce_dataschema',
  datacontenttype: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  requestId: 'x-request-id',
} as const;

export interface CloudEvent<TData = unknown> {
  specversion: '1.0';
  id: string;
  /** URI reference of the emitting service, e.g. `urn:shuangchuang:registry`. */
  source: string;
  type: string;
  /** The aggregate id; also the Kafka message key. */
  subject: string;
  /** RFC 3339 timestamp. */
  time: string;
  datacontenttype: typeof JSON_CONTENT_TYPE;
  dataschema?: string;
  data: TData;
  /** W3C trace context of the request that caused the event. */
  traceparent?: string;
  /** Vendor-specific trace state travelling with `traceparent` (W3C). */
  tracestate?: string;
  requestId?: string;
}

/** A message as kafkajs produces it, with string headers. */
export interface EncodedEvent {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export function encodeEvent(event: CloudEvent): EncodedEvent {
  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: event.specversion,
    [CE_HEADERS.id]: event.id,
    [CE_HEADERS.source]: event.source,
    [CE_HEADERS.type]: event.type,
    [CE_HEADERS.subject]: event.subject,
    [CE_HEADERS.time]: event.time,
    [CE_HEADERS.datacontenttype]: event.datacontenttype,
  };
  if (event.dataschema) headers[CE_HEADERS.dataschema] = event.dataschema;
  if (event.traceparent) headers[CE_HEADERS.traceparent] = event.traceparent;
  if (event.traceparent && event.tracestate) headers[CE_HEADERS.tracestate] = event.tracestate;
  if (event.requestId) headers[CE_HEADERS.requestId] = event.requestId;
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

/** Kafka headers as plain strings (the first value of a repeated header wins). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined) result[name] = value.toString();
  }
  return result;
}

export interface ReceivedMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

/** Decodes a binary-mode message; throws EnvelopeError when it is not a CloudEvent we can read. */
export function decodeEvent(message: ReceivedMessage): CloudEvent {
  const headers = headersToStrings(message.headers);
  const required = (name: string): string => {
    const value = headers[name];
    if (!value) throw new EnvelopeError(`missing header ${name}`);
    return value;
  };
  const specversion = required(CE_HEADERS.specversion);
  if (specversion !== '1.0') throw new EnvelopeError(`unsupported ce_specversion ${specversion}`);
  const contentType = headers[CE_HEADERS.datacontenttype] ?? JSON_CONTENT_TYPE;
  if (!contentType.startsWith(JSON_CONTENT_TYPE)) {
    throw new EnvelopeError(`unsupported content-type ${contentType}`);
  }
  if (message.value === null) throw new EnvelopeError('message has no value');
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString());
  } catch (error) {
    throw new EnvelopeError(`value is not JSON: ${(error as Error).message}`);
  }
  const subject = headers[CE_HEADERS.subject] ?? message.key?.toString();
  if (!subject) throw new EnvelopeError(`missing header ${CE_HEADERS.subject} and message key`);
  return {
    specversion: '1.0',
    id: required(CE_HEADERS.id),
    source: required(CE_HEADERS.source),
    type: required(CE_HEADERS.type),
    subject,
    time: required(CE_HEADERS.time),
    datacontenttype: JSON_CONTENT_TYPE,
    dataschema: headers[CE_HEADERS.dataschema],
    data,
    traceparent: headers[CE_HEADERS.traceparent],
    tracestate: headers[CE_HEADERS.tracestate],
    requestId: headers[CE_HEADERS.requestId],
  };
}
