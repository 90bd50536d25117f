// The Idempotency-Key claim's lease: a claim whose request died (its process or database went
// away before it completed or released the key) is taken over by a retry after CLAIM_LEASE_MS,
// and the old request can then no longer complete it.
import {
  startTestInfrastructure,
  uniqueName,
  type TestInfrastructure,
} from '@shuangchuang/test-infrastructure';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAIM_LEASE_MS,
  IdempotencyClaimLostError,
  IdempotencyKeys,
} from '../../src/data-access/idempotency-keys.js';
import { intakeModels } from '../../src/data-access/models.js';

let infrastructure: TestInfrastructure;
let connection: Connection;
let keys: IdempotencyKeys;

beforeAll(async () => {
  infrastructure = await startTestInfrastructure({ kafka: false });
  connection = await mongoose
    .createConnection(infrastructure.mongoUrl, { dbName: uniqueName('claims') })
    .asPromise();
  keys = new IdempotencyKeys(intakeModels(connection));
});

afterAll(async () => {
  await connection?.close();
  await infrastructure?.stop();
});

const at = (ms: number) => new Date(Date.UTC(2026, 10, 23, 8, 0, 0) + ms);

async function complete(key: string, owner: string) {
  const session = await connection.startSession();
  try {
    await session.withTransaction(() => keys.complete(session, 'f1', key, owner, 'app-1'));
  } finally {
    await session.endSession();
  }
}

describe('Idempotency-Key claims', () => {
  it('keeps an in-progress claim for its lease, then lets a retry of the same request take it over', async () => {
    const first = await keys.claim('f1', 'k1', 'body-a', at(0));
    expect(first.kind).toBe('claimed');
    expect(await keys.claim('f1', 'k1', 'body-a', at(CLAIM_LEASE_MS - 1))).toEqual({
      kind: 'in-progress',
      fingerprint: 'body-a',
    });
    // Another body never takes a key over, however old the claim.
    expect((await keys.claim('f1', 'k1', 'body-b', at(CLAIM_LEASE_MS + 1))).kind).toBe(
      'in-progress',
    );

    const retry = await keys.claim('f1', 'k1', 'body-a', at(CLAIM_LEASE_MS + 1));
    expect(retry.kind).toBe('claimed');
    if (first.kind !== 'claimed' || retry.kind !== 'claimed') throw new Error('unreachable');
    expect(retry.owner).not.toBe(first.owner);

    // The abandoned request, had it still been running, can neither complete nor release it.
    await expect(complete('k1', first.owner)).rejects.toBeInstanceOf(IdempotencyClaimLostError);
    await keys.release('f1', 'k1', first.owner);
    await complete('k1', retry.owner);
    expect(await keys.claim('f1', 'k1', 'body-a', at(CLAIM_LEASE_MS + 2))).toEqual({
      kind: 'completed',
      applicationId: 'app-1',
      fingerprint: 'body-a',
    });
  });
});
