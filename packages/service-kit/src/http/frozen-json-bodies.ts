import type { Request, RequestHandler, Response } from 'express';

/** values frozen all the way down by deepFreeze: only those can be sent from a serialization */
const deeplyFrozen = new WeakSet<object>();

/** contexts kept per body: a client varying its Accept header cannot grow memory without bound */
const contextsPerBody = 4;

interface Serialized {
  /** what the body was checked and written for: operation, status, content type and Accept */
  context: string;
  operation: unknown;
  text: string;
  etag: string | undefined;
}

/**
 * Sends a body frozen by {@link deepFreeze} that has already been validated and serialized for the same operation,
 * status, content type and Accept header from that serialization, instead of validating and
 * stringifying it again. A service that caches whole answers (registry search) deep-freezes them;
 * an identical, unchangeable value checked against the same schema gives the same verdict, so the
 * response is exactly what the first request got. Any other body takes the usual path.
 *
 * Mounted after the OpenAPI validator, whose response check wraps `res.json`.
 */
export function reuseSerializedFrozenBodies(): RequestHandler {
  const serializedBodies = new WeakMap<object, Serialized[]>();
  return (req, res, next) => {
    const checkedJson = res.json;
    res.json = function json(this: Response, body?: unknown) {
      if (body === null || typeof body !== 'object' || !deeplyFrozen.has(body)) {
        return checkedJson.call(this, body);
      }
      const operation = operationOf(req);
      const context = contextOf(req, res);
      const known = serializedBodies
        .get(body)
        ?.find((entry) => entry.operation === operation && entry.context === context);
      if (known) {
        if (!res.get('Content-Type')) res.set('Content-Type', 'application/json');
        if (known.etag && !res.get('ETag')) res.set('ETag', known.etag);
        return res.send(known.text);
      }
      const status = res.statusCode;
      const hadEtag = res.get('ETag') !== undefined;
      const send = res.send;
      let text: unknown;
      res.send = function capture(this: Response, chunk?: unknown) {
        res.send = send;
        text = chunk;
        return send.call(this, chunk);
      };
      try {
        checkedJson.call(this, body);
      } finally {
        res.send = send;
      }
      // kept only when the check passed: the same status and a JSON body were sent
      const entries = serializedBodies.get(body) ?? [];
      if (
        entries.length < contextsPerBody &&
        typeof text === 'string' &&
        res.statusCode === status &&
        /^application\/json\b/.test(String(res.get('Content-Type') ?? ''))
      ) {
        const etagOf = req.app.get('etag fn') as
          ((body: string, encoding: BufferEncoding) => string) | undefined;
        entries.push({
          context,
          operation,
          text,
          etag: hadEtag || !etagOf ? undefined : etagOf(text, 'utf8'),
        });
        serializedBodies.set(body, entries);
      }
      return res;
    };
    next();
  };
}

/** the OpenAPI operation express-openapi-validator matched (one object per operation) */
function operationOf(req: Request): unknown {
  return (req as Request & { openapi?: { schema?: unknown } }).openapi?.schema;
}

function contextOf(req: Request, res: Response): string {
  return `${res.statusCode} ${String(res.get('Content-Type') ?? '')} ${req.headers.accept ?? ''}`;
}

/**
 * Freezes `value` and everything reachable from it (plain objects and arrays, as JSON bodies are),
 * so that a response of it can be sent again from its first serialization.
 */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !deeplyFrozen.has(value)) {
    deeplyFrozen.add(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
