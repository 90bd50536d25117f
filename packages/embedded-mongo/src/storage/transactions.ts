import type { Document } from 'bson';
import { CommandError, writeConflict } from '../errors.js';
import type { Collection } from './collection.js';
import type { Mutation } from './mutations.js';
import type { Store } from './store.js';

interface StagedWrite {
  db: string;
  coll: string;
  id: unknown;
  /** The new document, or null for a delete. */
  doc: Document | null;
  /** The committed document when the transaction first wrote it: commit fails if it changed. */
  base: Document | undefined;
}

/**
 * A multi-document transaction: reads see the data as of its start (a snapshot) plus its own
 * writes; writes, and collections and indexes it creates, are staged privately until commit.
 */
export class Transaction {
  /** ns → document key → staged write */
  readonly writes = new Map<string, Map<string, StagedWrite>>();
  /** Collections this transaction created (with their indexes), created in the store at commit. */
  readonly created = new Map<string, Collection>();
  state: 'active' | 'committed' | 'aborted' = 'active';

  /**
   * @param startedAt the store sequence when the transaction began: a document written after it
   *   conflicts (snapshot isolation for writes, so read-modify-write cycles lose no update).
   */
  constructor(
    readonly txnNumber: string,
    readonly startedAt: number,
    /** Clock time at begin, for the lifetime limit. */
    readonly begunAtMs: number,
  ) {}

  staged(ns: string): Map<string, StagedWrite> | undefined {
    return this.writes.get(ns);
  }
}

/**
 * Runs transactions over the store. A document written by an open transaction is locked: another
 * transaction writing it gets WriteConflict (TransientTransactionError, so drivers retry). A
 * non-transactional write is not blocked, but the transaction then fails at commit with
 * WriteConflict because its base changed.
 */
export class TransactionManager {
  private readonly locks = new Map<string, Transaction>();
  private readonly active = new Set<Transaction>();

  /**
   * @param lifetimeMs like mongod's transactionLifetimeLimitSeconds (60 s): an older transaction is
   *   aborted when it next acts or when another transaction needs a document it locked, so a client
   *   that vanished mid-transaction cannot block writers forever. `setParameter` changes it.
   */
  constructor(
    private readonly store: Store,
    public lifetimeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    store.snapshotFloor = () => this.oldestSnapshot();
  }

  abortIfExpired(txn: Transaction): void {
    if (this.expired(txn)) this.abort(txn);
  }

  /** Aborts every transaction past its lifetime (mongod's periodic reaper does the same). */
  abortExpired(): void {
    for (const txn of [...this.active]) if (this.expired(txn)) this.abort(txn);
  }

  begin(txnNumber: string): Transaction {
    this.abortExpired();
    const txn = new Transaction(txnNumber, this.store.sequence, this.now());
    this.active.add(txn);
    return txn;
  }

  /** The store sequence the oldest open transaction reads at; undefined when none is open. */
  private oldestSnapshot(): number | undefined {
    let oldest: number | undefined;
    for (const txn of this.active)
      if (oldest === undefined || txn.startedAt < oldest) oldest = txn.startedAt;
    return oldest;
  }

  private expired(txn: Transaction): boolean {
    return txn.state === 'active' && this.now() - txn.begunAtMs > this.lifetimeMs;
  }

  stage(
    txn: Transaction,
    collection: Collection,
    key: string,
    id: unknown,
    doc: Document | null,
  ): void {
    this.assertActive(txn);
    const lockKey = `${collection.ns}\u0000${key}`;
    const holder = this.locks.get(lockKey);
    if (holder && holder !== txn && this.expired(holder)) this.abort(holder);
    if (this.locks.has(lockKey) && holder !== txn) throw writeConflict();
    let writes = txn.writes.get(collection.ns);
    if (!writes) {
      writes = new Map();
      txn.writes.set(collection.ns, writes);
    }
    const existing = writes.get(key);
    if (existing) {
      existing.doc = doc;
      return;
    }
    if ((collection.versions.get(key) ?? 0) > txn.startedAt) throw writeConflict();
    this.locks.set(lockKey, txn);
    writes.set(key, {
      db: collection.db,
      coll: collection.name,
      id,
      doc,
      base: collection.docs.get(key),
    });
  }

  /** Applies every staged write atomically and durably, or none of them. */
  async commit(txn: Transaction): Promise<void> {
    if (txn.state === 'committed') return;
    this.assertActive(txn);
    const catalog: Mutation[] = [];
    const batch: Mutation[] = [];
    try {
      for (const created of txn.created.values()) {
        // Someone else created it since: as in mongod, the transaction's create conflicts.
        if (this.store.collection(created.db, created.name)) throw writeConflict();
        catalog.push({
          op: 'createCollection',
          db: created.db,
          coll: created.name,
          options: created.options,
        });
        for (const index of created.indexes.values())
          catalog.push({ op: 'createIndex', db: created.db, coll: created.name, spec: index.spec });
      }
      for (const writes of txn.writes.values()) {
        for (const [key, write] of writes) {
          const live = this.store.collection(write.db, write.coll)?.docs.get(key);
          if (live !== write.base) throw writeConflict();
          if (write.doc === null) {
            if (live) batch.push({ op: 'delete', db: write.db, coll: write.coll, id: write.id });
          } else {
            batch.push({
              op: live ? 'replace' : 'insert',
              db: write.db,
              coll: write.coll,
              doc: write.doc,
            });
          }
        }
      }
      // Deletes first, so a delete-then-reinsert of a unique value within the transaction passes.
      batch.sort((a, b) => Number(b.op === 'delete') - Number(a.op === 'delete'));
      batch.unshift(...catalog);
      this.store.applyInMemory(batch);
    } catch (error) {
      this.release(txn, 'aborted');
      throw error;
    }
    this.release(txn, 'committed');
    await this.store.persist(batch);
  }

  abort(txn: Transaction): void {
    if (txn.state === 'active') this.release(txn, 'aborted');
  }

  private assertActive(txn: Transaction): void {
    if (this.expired(txn)) this.abort(txn);
    if (txn.state !== 'active') {
      throw new CommandError(
        251,
        `Transaction ${txn.txnNumber} has been ${txn.state}.`,
        'NoSuchTransaction',
        {},
        ['TransientTransactionError'],
      );
    }
  }

  private release(txn: Transaction, state: 'committed' | 'aborted'): void {
    txn.state = state;
    for (const [ns, writes] of txn.writes) {
      for (const key of writes.keys()) this.locks.delete(`${ns}\u0000${key}`);
    }
    this.active.delete(txn);
    this.store.pruneHistory(this.oldestSnapshot());
  }
}
