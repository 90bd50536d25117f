import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** A registry with the process metrics; services may add their own metrics to it. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Observes every request's duration, labelled by its route template (never the raw URL). */
export function requestDurationMetrics(registry: Registry): RequestHandler {
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req, res, next) => {
    const endTimer = histogram.startTimer({ method: req.method });
    res.on('finish', () => {
      endTimer({ route: routeTemplate(req), status_code: String(res.statusCode) });
    });
    next();
  };
}

/** The OpenAPI path template a request matched (or the express route), never the raw URL. */
export function routeTemplate(req: Request): string {
  const openapiRoute = (req as Request & { openapi?: { openApiRoute?: string } }).openapi
    ?.openApiRoute;
  if (openapiRoute) return openapiRoute;
  if (req.route?.path) return `${req.baseUrl}${String(req.route.path)}`;
  return 'unmatched';
}
