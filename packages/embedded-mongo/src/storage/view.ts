import type { Document } from 'bson';
import { compareValues } from '../query/bson-order.js';
import { compileFilter, selectDocuments, sortFieldsOf } from '../query/engine.js';
import type { Collection } from './collection.js';
import { documentKey } from './document-key.js';
import type { Mutation } from './mutations.js';
import type { Store } from './store.js';
import type { Transaction, TransactionManager } from './transactions.js';

/**
 * The data as one command sees it: committed state, overlaid with its transaction's staged writes
 * if it runs in one. Writes outside a transaction apply at once in memory and are collected so
 * the command persists them with one journal append before it replies.
 */
export class DataView {
  private readonly pending: Mutation[] = [];

  constructor(
    private readonly store: Store,
    private readonly transactions: TransactionManager,
    readonly txn?: Transaction,
  ) {}

  collection(db: string, coll: string): Collection | undefined {
    return this.store.collection(db, coll);
  }

  /** Documents matching the filter, using an index where the filter allows. */
  find(db: string, coll: string, filter?: Document): Document[] {
    const collection = this.store.collection(db, coll);
    let docs = collection ? collection.candidates(filter) : [];
    const staged = this.txn?.staged(`${db}.${coll}`);
    if (staged) {
      docs = docs.filter((doc) => !staged.has(documentKey(doc._id)));
      for (const write of staged.values()) if (write.doc) docs.push(write.doc);
    }
    if (!filter || Object.keys(filter).length === 0) return docs;
    return docs.filter(compileFilter(filter));
  }

  /**
   * Matching documents sorted, skipped and limited; an index gives the order where it can, so a
   * limited query stops early instead of sorting every match.
   */
  select(
    db: string,
    coll: string,
    filter: Document | undefined,
    options: { sort?: Document; skip?: number; limit?: number },
  ): Document[] {
    const collection = this.store.collection(db, coll);
    const sort = sortFieldsOf(options.sort);
    // A transaction's staged writes are not in the indexes: those queries sort in memory.
    const staged = this.txn?.staged(`${db}.${coll}`);
    if (collection && sort && sort.length > 0 && !staged?.size) {
      const skip = Math.max(0, options.skip ?? 0);
      const end = options.limit ? skip + Math.abs(options.limit) : Number.POSITIVE_INFINITY;
      const sorted = collection.sortedMatches(filter, sort, end, compileFilter(filter));
      if (sorted) return sorted.slice(skip, end);
    }
    return selectDocuments(this.find(db, coll, filter), options);
  }

  insert(db: string, coll: string, doc: Document): void {
    this.write(db, coll, doc, true);
  }

  replace(db: string, coll: string, doc: Document): void {
    this.write(db, coll, doc, false);
  }

  delete(db: string, coll: string, id: unknown): void {
    const collection = this.store.collection(db, coll);
    if (!collection) return;
    if (this.txn) {
      this.transactions.stage(this.txn, collection, documentKey(id), id, null);
      return;
    }
    this.applyNow({ op: 'delete', db, coll, id });
  }

  /** Applies a schema change at once, even inside a transaction (as implicit creation does). */
  applyNow(mutation: Mutation): void {
    this.store.applyInMemory([mutation]);
    this.pending.push(mutation);
  }

  /** Makes every write of this command durable; call before replying. */
  async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    await this.store.persist(batch);
  }

  private write(db: string, coll: string, doc: Document, inserting: boolean): void {
    if (!this.txn) {
      this.applyNow({ op: inserting ? 'insert' : 'replace', db, coll, doc });
      return;
    }
    let collection = this.store.collection(db, coll);
    if (!collection) {
      this.applyNow({ op: 'createCollection', db, coll, options: {} });
      collection = this.store.collection(db, coll)!;
    }
    const key = documentKey(doc._id);
    const staged = this.txn.staged(collection.ns);
    const stagedHere = staged?.get(key);
    if (inserting && stagedHere?.doc)
      throw collection.duplicateKey({ key: { _id: 1 }, name: '_id_' }, [doc._id]);
    collection.checkUnique(doc, key, inserting, (other) => staged?.has(other) ?? false);
    if (staged) this.checkUniqueAmongStaged(collection, doc, key, staged);
    this.transactions.stage(this.txn, collection, key, doc._id, doc);
  }

  private checkUniqueAmongStaged(
    collection: Collection,
    doc: Document,
    key: string,
    staged: Map<string, { doc: Document | null }>,
  ): void {
    for (const index of collection.indexes.values()) {
      if (!index.spec.unique) continue;
      const mine = index.keysOf(doc);
      for (const [otherKey, write] of staged) {
        if (otherKey === key || !write.doc) continue;
        for (const theirs of index.keysOf(write.doc)) {
          const clash = mine.find((tuple) =>
            tuple.every((v, i) => compareValues(v, theirs[i]) === 0),
          );
          if (clash) throw collection.duplicateKey(index.spec, clash);
        }
      }
    }
  }
}
