// Intake's API: one thin handler per operation of packages/contracts/openapi/application-intake.yaml,
// split by resource. Handlers get the request typed from the contract (the kit has checked the
// operation's x-roles), call a workflow and map its answer.
import type { IntakeApi } from '@shuangchuang/contracts';
import { clientAddressKey, routeTable, type RouteGuards } from '@shuangchuang/service-kit';
import { applicationRoutes } from './application-routes.js';
import { authRoutes } from './auth-routes.js';
import { carrierRoutes } from './carrier-routes.js';
import { founderRoutes } from './founder-routes.js';
import type { RouteDeps } from './route-context.js';

export type { RouteDeps } from './route-context.js';

export function intakeRoutes(deps: RouteDeps) {
  return routeTable<IntakeApi.paths>({
    ...authRoutes(deps),
    ...applicationRoutes(deps),
    ...carrierRoutes(deps),
    ...founderRoutes(deps),
  });
}

/** Logins, refreshes and logouts are limited per client address before any work. */
export function intakeRouteGuards({ limits }: RouteDeps): RouteGuards {
  const perClient = limits.perClient?.middleware(
    clientAddressKey,
    'too many login requests from here',
  );
  if (!perClient) return {};
  return {
    'POST /auth/login': [perClient],
    'POST /auth/refresh': [perClient],
    'POST /auth/logout': [perClient],
  };
}
