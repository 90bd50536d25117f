// How many bytes events take in a Kafka produce request, counted before compression (as the Java
// producer checks max.request.size), so the relay can keep every request under the broker's
// message.max.bytes whatever the compression achieves.
import type { EncodedEvent } from '../envelope/cloud-event.js';

/** The broker's default `message.max.bytes` (1 MiB + 12 bytes of log overhead). */
export const DEFAULT_MESSAGE_MAX_BYTES = 1_048_588;

/** Request header, acks, timeout, client id and array lengths, with room to spare. */
const REQUEST_OVERHEAD_BYTES = 512;
/** A record batch's header (61 bytes) plus its partition index and size in the request. */
const BATCH_OVERHEAD_BYTES = 61 + 8;
/** Length, attributes, timestamp and offset deltas, key and value lengths, header count (varints at their widest). */
const RECORD_OVERHEAD_BYTES = 5 + 1 + 10 + 5 + 5 + 5 + 5;
const HEADER_OVERHEAD_BYTES = 5 + 5;

/** An upper bound of one record's encoded size (record batch v2). */
export function recordBytes(message: EncodedEvent): number {
  let bytes =
    RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers)) {
    bytes += HEADER_OVERHEAD_BYTES + Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return bytes;
}

function topicBytes(topic: string): number {
  return 2 + Buffer.byteLength(topic) + 4;
}

/** The largest produce request holding just this event; over `message.max.bytes`, no broker takes it. */
export function singleEventRequestBytes(topic: string, message: EncodedEvent): number {
  return REQUEST_OVERHEAD_BYTES + topicBytes(topic) + BATCH_OVERHEAD_BYTES + recordBytes(message);
}

export class EventTooLargeError extends Error {
  constructor(
    readonly eventType: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `event ${eventType} takes ${bytes} bytes in a produce request, over the broker's ` +
        `message.max.bytes of ${maxBytes}; no broker would accept it`,
    );
    this.name = 'EventTooLargeError';
  }
}

/**
 * Splits messages, kept in order, into runs whose produce request stays within `maxBytes`; each
 * key counts as its own record batch (one key, one partition), which bounds the batch overhead.
 * A message too large to go out even alone is returned in `tooLarge`.
 */
export function splitByRequestSize<T extends { topic: string; message: EncodedEvent }>(
  items: readonly T[],
  maxBytes: number,
): { chunks: T[][]; tooLarge: T[] } {
  const chunks: T[][] = [];
  const tooLarge: T[] = [];
  let chunk: T[] = [];
  let bytes = REQUEST_OVERHEAD_BYTES;
  let topics = new Set<string>();
  let batches = new Set<string>();
  for (const item of items) {
    if (singleEventRequestBytes(item.topic, item.message) > maxBytes) {
      tooLarge.push(item);
      continue;
    }
    const batchKey = `${item.topic}\u0000${item.message.key}`;
    const added = () =>
      recordBytes(item.message) +
      (topics.has(item.topic) ? 0 : topicBytes(item.topic)) +
      (batches.has(batchKey) ? 0 : BATCH_OVERHEAD_BYTES);
    if (chunk.length > 0 && bytes + added() > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      bytes = REQUEST_OVERHEAD_BYTES;
      topics = new Set();
      batches = new Set();
    }
    bytes += added();
    topics.add(item.topic);
    batches.add(batchKey);
    chunk.push(item);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return { chunks, tooLarge };
}
