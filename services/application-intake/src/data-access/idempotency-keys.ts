import type { ClientSession } from 'mongoose';
import { isDuplicateKey, type IdempotencyKeyDocument, type IntakeModels } from './models.js';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'completed'; applicationId: string; fingerprint: string }
  | { kind: 'in-progress'; fingerprint: string };

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
    try {
      await this.models.idempotencyKeys.create({
        _id,
        fingerprint,
        state: 'in-progress',
        applicationId: null,
        createdAt: now,
      });
      return { kind: 'claimed' };
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
    return { kind: 'in-progress', fingerprint: existing.fingerprint };
  }

  async complete(
    session: ClientSession,
    founderId: string,
    key: string,
    applicationId: string,
  ): Promise<void> {
    await this.models.idempotencyKeys.updateOne(
      { _id: `${founderId}|${key}` },
      { $set: { state: 'completed', applicationId } },
      { session },
    );
  }

  async release(founderId: string, key: string): Promise<void> {
    await this.models.idempotencyKeys.deleteOne({
      _id: `${founderId}|${key}`,
      state: 'in-progress',
    });
  }

  async forgetFounder(session: ClientSession, founderId: string): Promise<void> {
    await this.models.idempotencyKeys.deleteMany(
      { _id: { $regex: `^${founderId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\|` } },
      { session },
    );
  }
}
