import type { IntakeApi } from '@shuangchuang/contracts';
import type { AuthUser, RouteTable } from '@shuangchuang/service-kit';
import type { Actor } from '../domain/actor.js';
import type { CodeExchanger } from '../identity/code-exchanger.js';
import type { FounderSessionService } from '../identity/founder-sessions.js';
import type { LoginLimits } from '../identity/login-limits.js';
import type { IntakeContext } from '../workflows/intake-context.js';

/** The whole API's table; each resource's file fills its part of it. */
export type IntakeRoutes = RouteTable<IntakeApi.paths>;

/** What the handlers call: the workflows' context and the login parts. */
export interface RouteDeps {
  context: IntakeContext;
  exchanger: CodeExchanger;
  sessions: FounderSessionService;
  limits: LoginLimits;
}

/** The caller as the workflows see it; the kit has checked the operation's x-roles already. */
export function actorOf(user: AuthUser): Actor {
  return { userId: user.id, roles: user.roles, carrierIds: user.carrierIds };
}
