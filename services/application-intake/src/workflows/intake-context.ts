import type { Outbox } from '@shuangchuang/event-backbone';
import type { ClientSession, Connection } from 'mongoose';
import type { ApplicationStore } from '../data-access/application-store.js';
import type { CarrierReadModel } from '../data-access/carrier-read-model.js';
import type { FounderAccounts } from '../data-access/founder-accounts.js';
import type { IdempotencyKeys } from '../data-access/idempotency-keys.js';
import type { IntakeEventTypes } from '../events/outgoing/event-types.js';

/** Everything the workflows need, assembled once in main.ts (and in tests with real servers). */
export interface IntakeContext {
  connection: Connection;
  applications: ApplicationStore;
  carriers: CarrierReadModel;
  founders: FounderAccounts;
  idempotencyKeys: IdempotencyKeys;
  outbox: Outbox<IntakeEventTypes>;
  now: () => Date;
}

/** Runs work in one transaction: the state change and its events commit together or not at all. */
export async function inTransaction<T>(
  context: IntakeContext,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  const session = await context.connection.startSession();
  try {
    let result: T;
    await session.withTransaction(async () => {
      result = await work(session);
    });
    return result!;
  } finally {
    await session.endSession();
  }
}
