import type { FounderAccounts } from '../data-access/founder-accounts.js';
import type { CodeExchanger } from './code-exchanger.js';
import type { FounderSessionService, SessionTokens } from './founder-sessions.js';

/** wx.login code → WeChat identity → founder account (created on first login) → a new session. */
export async function logInFounder(
  deps: {
    exchanger: CodeExchanger;
    founders: FounderAccounts;
    sessions: FounderSessionService;
    now: () => Date;
  },
  code: string,
): Promise<SessionTokens> {
  const identity = await deps.exchanger.exchange(code);
  const founder = await deps.founders.findOrCreate(identity, deps.now());
  return deps.sessions.start(founder._id);
}
