import type { FounderAccounts } from '../data-access/founder-accounts.js';
import type { CodeExchanger } from './code-exchanger.js';
import type { FounderTokens, FounderToken } from './founder-tokens.js';

/** wx.login code → WeChat identity → founder account (created on first login) → founder token. */
export async function logInFounder(
  deps: {
    exchanger: CodeExchanger;
    founders: FounderAccounts;
    tokens: FounderTokens;
    now: () => Date;
  },
  code: string,
): Promise<FounderToken & { founderId: string }> {
  const identity = await deps.exchanger.exchange(code);
  const founder = await deps.founders.findOrCreate(identity, deps.now());
  return { ...(await deps.tokens.issue(founder._id)), founderId: founder._id };
}
