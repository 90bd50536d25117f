// Kept in the emitted types so services see `req.log` and `req.id` (pino-http augments node:http).
/// <reference types="pino-http" preserve="true" />
import express, { type Express, type Request, type RequestHandler, type Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { assertHasRole, type JwtAuth } from '../auth/jwt-auth.js';
import { createReadiness, type Readiness } from '../health/readiness.js';
import {
  requestIdFrom,
  runWithRequestContext,
  traceparentFrom,
  type RequestContext,
} from '../logging/request-context.js';
import { notFoundHandler, problemErrorHandler, sendProblem } from './error-handler.js';
import { reuseSerializedFrozenBodies } from './frozen-json-bodies.js';
import { createMetricsRegistry, requestDurationMetrics, routeTemplate } from './metrics.js';
import { readOpenApiDocument, type ApiSpec } from './openapi-document.js';
import { ProblemError } from './problem.js';
import { requestLogging } from './request-logging.js';
import { readOperations } from '../routes/operations.js';
import { mountRouteTable, type AnyRouteTable, type RouteGuards } from '../routes/typed-routes.js';
import { runInServerSpan } from '../tracing/trace-context.js';
import { tracingActive } from '../tracing/tracing.js';

export interface HttpAppOptions {
  /** e.g. `registry`; names logs and metrics, and the default base path */
  service: string;
  /** where the API is served; `/api/<service>` by default; must be a `servers` url of the document */
  basePath?: string;
  /** the service's OpenAPI 3.1 document (parsed, or the path of its file) */
  apiSpec: ApiSpec;
  logger: Logger;
  /** verifies bearer tokens for every `http`/`bearer` security scheme of the document */
  auth?: JwtAuth;
  /** what /readyz reports; pass the same object to installGracefulShutdown */
  readiness?: Readiness;
  /** a registry of your own to add business metrics to; one is created otherwise */
  metrics?: Registry;
  /**
   * the service's route table (`routeTable<paths>({ 'GET /carriers': … })`): one typed handler
   * per operation of the document
   */
  routes?: AnyRouteTable;
  /**
   * middleware run before the handlers of these route keys (e.g. a rate limit per client
   * address on `POST /auth/login`), after authentication and validation
   */
  routeGuards?: RouteGuards;
  /** adds express routes of one's own; paths are relative to the base path (prefer `routes`) */
  mountRoutes?(router: Router): void;
  /** largest JSON body accepted (bytes or a string such as `100kb`); 413 above it */
  bodyLimit?: string | number;
  /**
   * turns the service's own errors (domain, data access) into ProblemErrors, so handlers
   * need not catch them; return anything else unchanged and it stays a 500
   */
  toProblem?: (error: unknown) => unknown;
  /** checks each JSON response against the document; on by default */
  validateResponses?: boolean;
  /**
   * express's `trust proxy`: whose X-Forwarded-For gives the client address (rate limits, logs).
   * Default: proxies on loopback and private networks, where the gateway runs.
   */
  trustProxy?: boolean | number | string;
}

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The express app every service runs: request ids, logs, security headers, body limits,
 * OpenAPI validation of requests and responses, bearer auth, probes, metrics, and
 * problem+json for every error. The validator compiles the document in the background
 * (about 2 s); requests arriving before that wait for it.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const {
    service,
    basePath = `/api/${service}`,
    logger,
    auth,
    readiness = createReadiness(),
    metrics = createMetricsRegistry(service),
    bodyLimit = '100kb',
    validateResponses = true,
  } = options;
  const document = readOpenApiDocument(options.apiSpec, basePath);
  const operations = readOperations(document.parsed, document.bearerSchemeNames);
  const operationsById = new Map(operations.map((operation) => [operation.operationId, operation]));
  if (document.bearerSchemeNames.length > 0 && !auth) {
    throw new Error(
      `the OpenAPI document of ${service} declares bearer security (${document.bearerSchemeNames.join(', ')}) but no auth was given`,
    );
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? 'loopback, linklocal, uniquelocal');

  app.use(assignRequestContext);
  app.use(requestLogging(logger, (req) => PROBE_PATHS.has(req.url)));
  app.use(requestDurationMetrics(metrics));
  app.use(staticSecurityHeaders());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (req, res) => {
    const report = await readiness.report();
    if (report.ready) {
      res.json({ status: 'ready', checks: report.checks });
      return;
    }
    const detail = report.shuttingDown
      ? 'the service is shutting down'
      : `not ready: ${report.failed.join(', ')}`;
    sendProblem(
      req,
      res,
      new ProblemError({
        status: 503,
        slug: 'not-ready',
        title: 'Service Unavailable',
        detail,
        extensions: { checks: report.checks, failed: report.failed },
      }),
    );
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  app.use(express.json({ limit: bodyLimit, type: ['application/json', 'application/*+json'] }));

  const securityHandlers = Object.fromEntries(
    document.bearerSchemeNames.map((name) => [
      name,
      async (req: Request) => {
        // The operation's x-roles say who may call it (readOperations refused a secured
        // operation without them): 401 without a valid token, 403 without one of the roles.
        const operationId = (req as { openapi?: { schema?: { operationId?: string } } }).openapi
          ?.schema?.operationId;
        const roles = operationsById.get(operationId ?? '')?.roles;
        if (!roles || roles.length === 0) throw new Error(`no x-roles for ${operationId}`);
        assertHasRole(await auth!.authenticate(req), roles);
        return true;
      },
    ]),
  );
  app.use(
    OpenApiValidator.middleware({
      apiSpec: document.source as never,
      validateRequests: { allowUnknownQueryParameters: false },
      validateResponses,
      validateSecurity: { handlers: securityHandlers },
    }),
  );
  app.use(reuseSerializedFrozenBodies());

  const router = express.Router();
  if (options.routes) mountRouteTable(router, options.routes, operations, options.routeGuards);
  options.mountRoutes?.(router);
  app.use(basePath, router);

  app.use(notFoundHandler());
  app.use(problemErrorHandler(logger, options.toProblem));
  return app;
}

/**
 * helmet's headers with its default settings. They are the same for every response, so they are
 * computed once (by running helmet against a recording response) and set from the list, instead
 * of helmet's chain of a dozen middlewares per request.
 */
function staticSecurityHeaders(): RequestHandler {
  const headers: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void headers.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let called = false;
  helmet()({} as never, recorder as never, () => (called = true));
  if (!called || headers.length === 0) throw new Error('helmet did not set its headers at once');
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

const assignRequestContext: RequestHandler = (req, res, next) => {
  const requestId = requestIdFrom(req.headers['x-request-id']);
  req.id = requestId;
  res.setHeader('X-Request-Id', requestId);
  if (!tracingActive() || PROBE_PATHS.has(req.url)) {
    const context: RequestContext = {
      requestId,
      traceparent: traceparentFrom(req.headers.traceparent),
    };
    runWithRequestContext(context, next);
    return;
  }
  // Tracing on: the request's trace context is its server span's.
  runInServerSpan(req, res, routeTemplate, ({ traceparent, tracestate }) =>
    runWithRequestContext(
      {
        requestId,
        traceparent: traceparent ?? traceparentFrom(req.headers.traceparent),
        ...(tracestate && { tracestate }),
      },
      next,
    ),
  );
};
