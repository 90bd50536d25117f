import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync, randomUUID } from 'node:crypto';

/** What code far from the HTTP layer (event publishers, loggers) needs to know about the request it serves. */
export interface RequestContext {
  requestId: string;
  /** W3C trace context of this request, passed on to events (CloudEvents `traceparent` extension). */
  traceparent: string;
  /** W3C `tracestate` of the request's span, when there is one */
  tracestate?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

// A client-supplied id is trusted only if it cannot break log lines or headers.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && ACCEPTABLE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

// Random bytes for trace and span ids, drawn from a pool refilled 4 KiB at a time: one call into
// the system's random source per ~170 requests instead of two per request (as randomUUID does).
const randomPool = Buffer.alloc(4096);
let randomPoolOffset = randomPool.length;

function randomHex(bytes: number): string {
  if (randomPoolOffset + bytes > randomPool.length) {
    randomFillSync(randomPool);
    randomPoolOffset = 0;
  }
  randomPoolOffset += bytes;
  return randomPool.toString('hex', randomPoolOffset - bytes, randomPoolOffset);
}

/** Continues the caller's trace with a new span id, or starts a new trace. */
export function traceparentFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  const spanId = randomHex(8);
  const match = candidate && TRACEPARENT.test(candidate) ? candidate.split('-') : undefined;
  if (match) return `00-${match[1]}-${spanId}-${match[3]}`;
  return `00-${randomHex(16)}-${spanId}-01`;
}
