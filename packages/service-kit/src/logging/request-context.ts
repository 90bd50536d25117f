import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

/** What code far from the HTTP layer (event publishers, loggers) needs to know about the request it serves. */
export interface RequestContext {
  requestId: string;
  /** W3C trace context of this request, passed on to events (CloudEvents `traceparent` extension). */
  traceparent: string;
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

/** Continues the caller's trace with a new span id, or starts a new trace. */
export function traceparentFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  const spanId = randomBytes(8).toString('hex');
  const match = candidate && TRACEPARENT.test(candidate) ? candidate.split('-') : undefined;
  if (match) return `00-${match[1]}-${spanId}-${match[3]}`;
  return `00-${randomBytes(16).toString('hex')}-${spanId}-01`;
}
