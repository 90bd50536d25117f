// Founder sessions: short access tokens renewed with refresh tokens that work once; reuse of a
// refresh token, logout and account deletion revoke the session's tokens on every service.
import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { createEventBackbone } from '@shuangchuang/event-backbone';
import { createLogger, RevokedTokens } from '@shuangchuang/service-kit';
import { uniqueName } from '@shuangchuang/test-infrastructure';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await startIntakeHarness();
});
afterAll(async () => h?.stop());

async function login(name: string) {
  const answer = await h.call('POST', '/auth/login', { body: { code: `dev:${name}` } });
  expect(answer.status).toBe(200);
  return answer.body as {
    token: string;
    refreshToken: string;
    expiresIn: number;
    refreshExpiresIn: number;
  };
}

const status = async (token: string) => (await h.call('GET', '/applications', { token })).status;

describe('founder sessions', () => {
  it('issue an access token of at most 2 h with a 30-day refresh token', async () => {
    const session = await login('sessions-a');
    expect(session.expiresIn).toBe(7200);
    expect(session.refreshExpiresIn).toBe(30 * 86_400);
    const claims = decodeJwt(session.token);
    expect(claims.exp! - claims.iat!).toBe(7200);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
  });

  it('renew the access token once per refresh token (rotation)', async () => {
    const session = await login('sessions-b');
    const renewed = await h.call('POST', '/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.refreshToken).not.toBe(session.refreshToken);
    expect(decodeJwt(renewed.body.token).sub).toBe(decodeJwt(session.token).sub);
    expect(await status(renewed.body.token)).toBe(200);
    const again = await h.call('POST', '/auth/refresh', {
      body: { refreshToken: renewed.body.refreshToken },
    });
    expect(again.status).toBe(200);
  });

  it('end the whole session when a used refresh token comes back, revoking its access tokens', async () => {
    const session = await login('sessions-c');
    const renewed = await h.call('POST', '/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(await status(renewed.body.token)).toBe(200);

    const replayed = await h.call('POST', '/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(replayed.body.detail).toBe('the refresh token was already used; the session has ended');

    // the thief's and the founder's refresh tokens are both dead now
    const legitimate = await h.call('POST', '/auth/refresh', {
      body: { refreshToken: renewed.body.refreshToken },
    });
    expect(legitimate.status).toBe(401);
    for (const token of [session.token, renewed.body.token]) {
      expect((await h.waitForRevoked(token)).data).toMatchObject({ reason: 'refresh-reuse' });
      await expect.poll(() => status(token), { timeout: 15_000 }).toBe(401);
    }
  });

  it('log out: the refresh token stops working and the access token is revoked', async () => {
    const session = await login('sessions-d');
    expect(await status(session.token)).toBe(200);
    const out = await h.call('POST', '/auth/logout', {
      body: { refreshToken: session.refreshToken },
    });
    expect(out.status).toBe(204);
    const revoked = await h.waitForRevoked(session.token);
    // only the token id and times travel: no founder id, no personal data
    expect(revoked.data).toEqual({
      tokenId: decodeJwt(session.token).jti,
      expiresAt: new Date(decodeJwt(session.token).exp! * 1000).toISOString(),
      revokedAt: expect.any(String),
      reason: 'logout',
    });
    expect(revoked.subject).toBe(decodeJwt(session.token).jti);
    await expect.poll(() => status(session.token), { timeout: 15_000 }).toBe(401);
    const refused = await h.call('POST', '/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(refused.status).toBe(401);
  });

  it('refuse malformed and unknown refresh tokens with 401 (and a missing one with 400)', async () => {
    for (const refreshToken of ['nope', `${crypto.randomUUID()}.${'A'.repeat(43)}`]) {
      const answer = await h.call('POST', '/auth/refresh', { body: { refreshToken } });
      expect(answer.status).toBe(401);
      const logout = await h.call('POST', '/auth/logout', { body: { refreshToken } });
      expect(logout.status).toBe(401);
    }
    expect((await h.call('POST', '/auth/refresh', { body: {} })).status).toBe(400);
  });

  it('let an operator revoke a staff token with npm run token -- revoke', async () => {
    const staff = await h.staffToken('reviewer-ops', ['reviewer'], ['c-ops']);
    expect(await status(staff)).toBe(200);
    const cli = fileURLToPath(
      new URL('../../../../packages/service-kit/dist/cli/token.js', import.meta.url),
    );
    // (asynchronously: the embedded broker answers from this process)
    const { stderr } = await promisify(execFile)(process.execPath, [
      cli,
      'revoke',
      '--token',
      staff,
      '--brokers',
      h.infrastructure.kafkaBrokers.join(','),
    ]);
    expect(stderr).toContain(`token ${decodeJwt(staff).jti} revoked until`);
    expect((await h.waitForRevoked(staff)).data).toMatchObject({ reason: 'operator' });
    await expect.poll(() => status(staff), { timeout: 15_000 }).toBe(401);
  });

  it('reach every other service: a second service following the revocations refuses the token too', async () => {
    const logger = createLogger({ service: 'other', level: 'silent' });
    const connection = await mongoose
      .createConnection(h.infrastructure.mongoUrl, { dbName: uniqueName('other-service') })
      .asPromise();
    const backbone = createEventBackbone({
      serviceName: uniqueName('other-service'),
      kafka: { brokers: h.infrastructure.kafkaBrokers },
      connection,
      catalog: eventCatalog,
      topics: topicDeclarations,
      logger,
    });
    const revocations = await RevokedTokens.load(connection, { logger });
    try {
      revocations.follow(backbone, uniqueName('other-service'));
      const session = await login('sessions-e');
      const tokenId = decodeJwt(session.token).jti!;
      expect(revocations.isRevoked(tokenId)).toBe(false);
      await h.call('POST', '/auth/logout', { body: { refreshToken: session.refreshToken } });
      await expect.poll(() => revocations.isRevoked(tokenId), { timeout: 15_000 }).toBe(true);
      // and a replica of that service started later knows it from its database
      const replica = await RevokedTokens.load(connection, { logger });
      expect(replica.isRevoked(tokenId)).toBe(true);
      await replica.stop();
    } finally {
      await revocations.stop();
      await backbone.stop();
      await connection.close();
    }
  });
});
