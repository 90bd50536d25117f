import type { FounderAccounts } from '../data-access/founder-accounts.js';
import type { CodeExchanger } from './code-exchanger.js';
import type { FounderSessionService, SessionTokens } from './founder-sessions.js';
import { identityKey, type LoginLimits } from './login-limits.js';

/**
 * wx.login code → WeChat identity → founder account (created on first login) → a new session,
 * within the login limits of the identity and, for a new account, of account creation.
 */
export async function logInFounder(
  deps: {
    exchanger: CodeExchanger;
    founders: FounderAccounts;
    sessions: FounderSessionService;
    limits: LoginLimits;
    now: () => Date;
  },
  code: string,
  clientKey: string,
): Promise<SessionTokens> {
  const identity = await deps.exchanger.exchange(code);
  await deps.limits.perIdentity?.consume(
    identityKey(identity.openId),
    'too many logins of this WeChat user',
  );
  const founder = await deps.founders.findOrCreate(identity, deps.now(), async () => {
    await deps.limits.accountsPerClient?.consume(clientKey, 'too many new accounts from here');
    await deps.limits.accounts?.consume('all', 'too many new accounts; try again shortly');
  });
  return deps.sessions.start(founder._id);
}
