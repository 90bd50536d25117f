import type { CarrierStatistics } from '../data-access/carrier-statistics.js';
import type { Carrier } from '../domain/carrier.js';
import type { Actor, AuditRecord, RegistryFact } from '../domain/registry-changes.js';
import type { CarrierSearch } from '../search/carrier-search.js';

/** Everything the registry's workflows need, assembled once in service.ts (and in tests). */
export interface RegistryContext {
  store: CarrierStore;
  search: CarrierSearch;
  statistics: CarrierStatistics;
  now: () => Date;
}

/** Who asks for a change, and the request it came with (for the audit trail and the events). */
export interface WriteContext {
  actor: Actor;
  requestId?: string;
}

/**
 * Storage the workflows need; data-access implements it with mongoose. A write saves the
 * carrier, its audit lines and the facts to publish together, or nothing.
 */
export interface CarrierStore {
  newId(): string;
  isEmpty(): Promise<boolean>;
  findById(id: string): Promise<Carrier | undefined>;
  /** Active and retired carriers whose name or an alias has one of these keys. */
  findByNameKeys(nameKeys: string[]): Promise<Carrier[]>;
  /** A page of a carrier's audit trail, newest first, after the line `before`. */
  listAudit(
    carrierId: string,
    before: string | undefined,
    limit: number,
  ): Promise<Array<AuditRecord & { id: string }>>;
  inTransaction<T>(work: (tx: CarrierTransaction) => Promise<T>): Promise<T>;
}

export interface CarrierTransaction {
  insert(carrier: Carrier, audit: AuditRecord[], facts: RegistryFact[]): Promise<void>;
  /** Replaces the carrier only if it is still at `previousVersion` (else StaleVersionError). */
  replace(
    carrier: Carrier,
    previousVersion: number,
    audit: AuditRecord[],
    facts: RegistryFact[],
  ): Promise<void>;
  findById(id: string): Promise<Carrier | undefined>;
  findByIds(ids: string[]): Promise<Carrier[]>;
  findByNameKeys(nameKeys: string[]): Promise<Carrier[]>;
}
