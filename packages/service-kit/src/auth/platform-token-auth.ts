import type { Connection } from 'mongoose';
import type { Logger } from '../logging/create-logger.js';
import { createJwtAuth, type JwtAuth } from './jwt-auth.js';
import { RevokedTokens } from './revoked-tokens.js';
import { tokenVerification, type TokenEnv } from './token-settings.js';

export interface PlatformTokenAuth {
  auth: JwtAuth;
  /** `revocations.follow(backbone, service)` once listening; `revocations.closer` at shutdown */
  revocations: RevokedTokens;
}

/**
 * What a service needs to check platform tokens, in one call: the verification keys its
 * environment names (see `tokenVerification`) and the revocation list kept in its own database.
 */
export async function platformTokenAuth(
  env: Partial<TokenEnv>,
  { connection, logger }: { connection: Connection; logger: Logger },
): Promise<PlatformTokenAuth> {
  const revocations = await RevokedTokens.load(connection, { logger });
  const auth = createJwtAuth({ ...tokenVerification(env), isRevoked: revocations.isRevoked });
  return { auth, revocations };
}
