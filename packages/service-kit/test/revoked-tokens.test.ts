import { start as startMongo } from '@shuangchuang/embedded-mongo';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, RevokedTokens } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });
let mongo: Awaited<ReturnType<typeof startMongo>>;
const connections: Connection[] = [];

beforeAll(async () => {
  mongo = await startMongo({ port: 0 });
});
afterAll(async () => {
  for (const connection of connections) await connection.close();
  await mongo.stop();
});

async function replica(): Promise<RevokedTokens> {
  const connection = await mongoose
    .createConnection(mongo.uri, { dbName: 'revocations' })
    .asPromise();
  connections.push(connection);
  return RevokedTokens.load(connection, { logger, pollIntervalMs: 50 });
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe('the revocation list', () => {
  it('applies a revocation at once where it was recorded, and to the other replicas from the collection', async () => {
    const first = await replica();
    const second = await replica();
    expect(first.isRevoked('token-1')).toBe(false);
    await first.record({
      tokenId: 'token-1',
      expiresAt: inAnHour(),
      revokedAt: new Date().toISOString(),
      reason: 'logout',
    });
    expect(first.isRevoked('token-1')).toBe(true);
    await expect.poll(() => second.isRevoked('token-1'), { timeout: 5_000 }).toBe(true);

    // a replica started later loads it
    const third = await replica();
    expect(third.isRevoked('token-1')).toBe(true);
    await Promise.all([first.stop(), second.stop(), third.stop()]);
  });

  it('forgets a revocation once the token it names has expired', async () => {
    const list = await replica();
    await list.record({
      tokenId: 'token-2',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      revokedAt: new Date().toISOString(),
      reason: 'operator',
    });
    expect(list.isRevoked('token-2')).toBe(false);
    await list.stop();
  });
});
