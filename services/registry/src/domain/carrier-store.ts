import type { Carrier } from './carrier.js';
import type { AuditRecord, RegistryFact } from './registry-changes.js';

/**
 * Storage the registry's use cases need; data-access implements it with mongoose. A write saves
 * the carrier, its audit lines and the facts to publish together, or nothing.
 */
export interface CarrierStore {
  newId(): string;
  findById(id: string): Promise<Carrier | undefined>;
  findByIds(ids: string[]): Promise<Carrier[]>;
  /** Active and retired carriers whose name or an alias has one of these keys. */
  findByNameKeys(nameKeys: string[]): Promise<Carrier[]>;
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
  findByNameKeys(nameKeys: string[]): Promise<Carrier[]>;
}
