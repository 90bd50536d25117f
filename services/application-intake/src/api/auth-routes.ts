import { addressKey } from '@shuangchuang/service-kit';
import { logInFounder } from '../identity/founder-login.js';
import type { SessionTokens } from '../identity/founder-sessions.js';
import type { IntakeRoutes, RouteDeps } from './route-context.js';

/** Founder login with a wx.login code, refresh and logout (public operations). */
export function authRoutes({
  context,
  exchanger,
  sessions,
  limits,
}: RouteDeps): Pick<IntakeRoutes, 'POST /auth/login' | 'POST /auth/refresh' | 'POST /auth/logout'> {
  return {
    'POST /auth/login': async ({ body, clientAddress }) => ({
      status: 200,
      body: loginResult(
        await logInFounder(
          { exchanger, founders: context.founders, sessions, limits, now: context.now },
          body.code,
          addressKey(clientAddress),
        ),
      ),
    }),

    'POST /auth/refresh': async ({ body, requestId }) => ({
      status: 200,
      body: loginResult(await sessions.refresh(body.refreshToken, requestId)),
    }),

    'POST /auth/logout': async ({ body, requestId }) => {
      await sessions.end(body.refreshToken, requestId);
      return { status: 204 };
    },
  };
}

function loginResult(session: SessionTokens) {
  return {
    token: session.token,
    tokenType: 'Bearer' as const,
    expiresIn: session.expiresIn,
    refreshToken: session.refreshToken,
    refreshExpiresIn: session.refreshExpiresIn,
    user: { id: session.founderId, roles: ['founder' as const] },
  };
}
