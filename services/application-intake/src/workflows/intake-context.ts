import type { Outbox } from '@shuangchuang/event-backbone';
import type { Idempotency } from '@shuangchuang/service-kit';
import type { Connection } from 'mongoose';
import type { ApplicationStore } from '../data-access/application-store.js';
import type { CarrierReadModel } from '../data-access/carrier-read-model.js';
import type { FounderAccounts } from '../data-access/founder-accounts.js';
import type { IntakeEventMap } from '../events/outgoing/event-types.js';

/** Everything the workflows need, assembled once in service.ts (and in tests with real servers). */
export interface IntakeContext {
  /** for transactions (`inTransaction(context.connection, …)`) */
  connection: Connection;
  applications: ApplicationStore;
  carriers: CarrierReadModel;
  founders: FounderAccounts;
  /** the kit's Idempotency-Key mechanism: the key recorded in the business transaction */
  idempotency: Idempotency;
  outbox: Outbox<IntakeEventMap>;
  now: () => Date;
}

/** Idempotency-Key scopes are per founder: `forget(founderScope(id))` drops all of a founder's keys. */
export const founderScope = (founderId: string): string => `${founderId}|`;
