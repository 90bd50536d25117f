// The trace context of the work under way, for log lines, events and the HTTP server span. With
// tracing on it is the active span's; with tracing off, the request's own `traceparent` (the
// caller's trace continued with a span id of the kit's), so logs and events still correlate.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import { traceHeadersOf, type RequestContext } from '@shuangchuang/event-backbone';
import type { Request, Response } from 'express';
import { currentRequestContext } from '../logging/request-context.js';

const tracer = trace.getTracer('@shuangchuang/service-kit');

/** `trace_id` and `span_id` of the work under way, for log lines; none outside any. */
export function traceLogFields(): { trace_id: string; span_id: string } | undefined {
  const active = trace.getActiveSpan()?.spanContext();
  if (active && trace.isSpanContextValid(active)) {
    return { trace_id: active.traceId, span_id: active.spanId };
  }
  const traceparent = currentRequestContext()?.traceparent;
  // `00-<trace id: 32 hex>-<span id: 16 hex>-<flags>`, validated when the request came in.
  if (!traceparent) return undefined;
  return { trace_id: traceparent.slice(3, 35), span_id: traceparent.slice(36, 52) };
}

/** What the event backbone stamps on events recorded without a context of their own. */
export function currentEventContext(): RequestContext | undefined {
  const request = currentRequestContext();
  if (!request) return undefined;
  const { requestId, traceparent, tracestate } = request;
  return { requestId, traceparent, tracestate };
}

/**
 * Starts the server span of a request, a child of the caller's `traceparent`, named and finished
 * when the response is: `POST /api/registry/carriers` by the operation's path template (never the
 * raw URL), with its status. Runs `next` inside it; returns the span's trace context headers.
 */
export function runInServerSpan(
  req: Request,
  res: Response,
  routeOf: (req: Request) => string,
  next: (headers: RequestContext) => void,
): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span: Span = tracer.startSpan(
    req.method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': req.method,
        // The path only: a query string may hold what a user searched for.
        'url.path': req.path,
      },
    },
    parent,
  );
  res.once('close', () => {
    const route = routeOf(req);
    span.updateName(`${req.method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
    if (res.statusCode >= 500 || !res.writableFinished)
      span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  const active = trace.setSpan(parent, span);
  context.with(active, () => next(traceHeadersOf(active)));
}
