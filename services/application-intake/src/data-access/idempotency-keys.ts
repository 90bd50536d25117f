import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import { isDuplicateKey } from '@shuangchuang/service-kit';
import { driverCollection, type IdempotencyKeyDocument, type IntakeModels } from './models.js';

export type IdempotencyClaim =
  | { kind: 'claimed'; owner: string }
  | { kind: 'completed'; applicationId: string; fingerprint: string }
  | { kind: 'in-progress'; fingerprint: string };

/**
 * How long an in-progress claim holds its key. A request whose process or database went away
 * never completes or releases its claim; past this lease a retry takes the key over, and the
 * old request, should it still be running, can no longer complete it (its transaction aborts).
 */
export const CLAIM_LEASE_MS = 10_000;

/** Thrown inside the business transaction when another request took the key over meanwhile. */
export class IdempotencyClaimLostError extends Error {
  constructor() {
    super('the Idempotency-Key was taken over by a retry while this request ran');
    this.name = 'IdempotencyClaimLostError';
  }
}

/**
 * Idempotency-Key records, scoped per founder. A key is claimed outside the business transaction
 * (so concurrent retries see each other at once), completed inside it, released if it fails.
 */
export class IdempotencyKeys {
  constructor(private readonly models: IntakeModels) {}

  async claim(
    founderId: string,
    key: string,
    fingerprint: string,
    now: Date,
  ): Promise<IdempotencyClaim> {
    const _id = `${founderId}|${key}`;
    const owner = randomUUID();
    try {
      // Straight to the driver: the document is complete and typed here, so mongoose's document
      // building and validation would only cost CPU on every request that carries a key.
      await driverCollection(this.models.idempotencyKeys).insertOne({
        _id,
        fingerprint,
        state: 'in-progress',
        owner,
        applicationId: null,
        createdAt: now,
      } satisfies IdempotencyKeyDocument);
      return { kind: 'claimed', owner };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const existing = await this.models.idempotencyKeys.findById(_id).lean<IdempotencyKeyDocument>();
    if (!existing) return this.claim(founderId, key, fingerprint, now); // released meanwhile
    if (existing.state === 'completed' && existing.applicationId) {
      return {
        kind: 'completed',
        applicationId: existing.applicationId,
        fingerprint: existing.fingerprint,
      };
    }
    const abandoned =
      existing.fingerprint === fingerprint &&
      now.getTime() - new Date(existing.createdAt).getTime() > CLAIM_LEASE_MS;
    if (abandoned) {
      const takeover = await this.models.idempotencyKeys.updateOne(
        { _id, state: 'in-progress', owner: existing.owner, createdAt: existing.createdAt },
        { $set: { owner, createdAt: now } },
      );
      if (takeover.modifiedCount === 1) return { kind: 'claimed', owner };
    }
    return { kind: 'in-progress', fingerprint: existing.fingerprint };
  }

  /** Marks the claim completed, in the business transaction; throws if it is no longer ours. */
  async complete(
    session: ClientSession,
    founderId: string,
    key: string,
    owner: string,
    applicationId: string,
  ): Promise<void> {
    const done = await driverCollection(this.models.idempotencyKeys).updateOne(
      { _id: `${founderId}|${key}`, state: 'in-progress', owner },
      { $set: { state: 'completed', applicationId, owner: null } },
      { session },
    );
    if (done.matchedCount !== 1) throw new IdempotencyClaimLostError();
  }

  async release(founderId: string, key: string, owner: string): Promise<void> {
    await this.models.idempotencyKeys.deleteOne({
      _id: `${founderId}|${key}`,
      state: 'in-progress',
      owner,
    });
  }

  async forgetFounder(session: ClientSession, founderId: string): Promise<void> {
    await this.models.idempotencyKeys.deleteMany(
      { _id: { $regex: `^${founderId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\|` } },
      { session },
    );
  }
}
