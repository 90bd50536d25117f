// What the development gateway refuses before proxying, as the nginx gateway does
// (infra/nginx/gateway.conf): bodies over the limit (413) and clients over their rate limit per
// route class (429), both as problem+json. Rate limits count in MongoDB when the stack gives a
// database (shared by every gateway), in memory otherwise.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { rateLimit } from 'express-rate-limit';
import { MongoRateLimitStore, clientAddressKey, parseRateLimit } from '@shuangchuang/service-kit';

/** Per client address and route class; `off` (or null) disables one. */
export const DEFAULT_GATEWAY_LIMITS = {
  /** /api/application-intake/auth/… (login, refresh, logout) */
  auth: '30/1m',
  /** writes: POST, PUT, PATCH, DELETE */
  write: '120/1m',
  /** reads: GET, HEAD, OPTIONS */
  read: '600/1m',
};
/** the same as nginx's client_max_body_size */
export const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function routeClassOf(req) {
  if (req.originalUrl.startsWith('/api/application-intake/auth/')) return 'auth';
  return READ_METHODS.has(req.method) ? 'read' : 'write';
}

/** The gateway's limits from its environment (GATEWAY_RATE_LIMIT_AUTH/WRITE/READ, GATEWAY_BODY_LIMIT_BYTES). */
export function gatewayLimitsFromEnv(env = process.env) {
  const rateLimits = {};
  for (const [routeClass, fallback] of Object.entries(DEFAULT_GATEWAY_LIMITS)) {
    const variable = `GATEWAY_RATE_LIMIT_${routeClass.toUpperCase()}`;
    const spec = parseRateLimit(env[variable] ?? fallback);
    if (spec === undefined) throw new Error(`${variable} must be a limit such as 20/1m, or off`);
    rateLimits[routeClass] = spec;
  }
  const bodyLimitBytes = Number(env.GATEWAY_BODY_LIMIT_BYTES ?? DEFAULT_BODY_LIMIT_BYTES);
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1) {
    throw new Error('GATEWAY_BODY_LIMIT_BYTES must be a positive number of bytes');
  }
  return { rateLimits, bodyLimitBytes };
}

export function sendProblem(res, status, slug, detail, headers = {}) {
  const requestId = String(res.req?.headers['x-request-id'] ?? randomUUID());
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/problem+json',
    'x-request-id': requestId,
  });
  res.end(
    JSON.stringify({
      type: `https://errors.shuangchuang.dev/${slug}`,
      title: STATUS_CODES[status],
      status,
      detail,
      instance: res.req?.originalUrl,
      requestId,
    }),
  );
}

/**
 * Middlewares for the API routes: the body limit, then one rate limiter per route class.
 * `db` (a MongoDB database) makes the counts shared by every gateway.
 */
export function gatewayProtection({ rateLimits, bodyLimitBytes, db } = gatewayLimitsFromEnv()) {
  const limiters = {};
  for (const [routeClass, spec] of Object.entries(rateLimits)) {
    if (!spec) continue;
    const name = `gateway-${routeClass}`;
    limiters[routeClass] = rateLimit({
      windowMs: spec.windowMs,
      limit: spec.limit,
      identifier: name,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: clientAddressKey,
      ...(db && { store: new MongoRateLimitStore(db, name) }),
      passOnStoreError: true,
      handler: (req, res) =>
        // express-rate-limit has set Retry-After, RateLimit and RateLimit-Policy
        sendProblem(
          res,
          429,
          'too-many-requests',
          `too many ${routeClass} requests from this client; retry in ${res.getHeader('retry-after')} s`,
        ),
    });
  }
  const bodyLimit = (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > bodyLimitBytes) {
      req.resume(); // read and drop what the client already sent, so it gets the answer
      return sendProblem(
        res,
        413,
        'payload-too-large',
        `the request body is larger than ${bodyLimitBytes} bytes`,
        { connection: 'close' },
      );
    }
    // A chunked body declares no length; the service behind enforces its own limit (413 too).
    next();
  };
  const rateLimited = (req, res, next) => {
    const limiter = limiters[routeClassOf(req)];
    return limiter ? limiter(req, res, next) : next();
  };
  return [bodyLimit, rateLimited];
}
