import type { Document } from 'bson';
import { CommandError } from '../errors.js';
import { compareValues } from '../query/bson-order.js';
import { parseCollation } from '../query/collation.js';
import {
  aggregate,
  compileFilter,
  selectDocuments,
  sortFieldsOf,
  type QueryOptions,
} from '../query/engine.js';
import { Collection } from './collection.js';
import { documentKey } from './document-key.js';
import type { Mutation } from './mutations.js';
import type { Store } from './store.js';
import type { Transaction, TransactionManager } from './transactions.js';

/** How deep views may be defined on views (mongod's limit is 20). */
const MAX_VIEW_DEPTH = 20;

/**
 * The data as one command sees it: committed state, or inside a transaction the state as of the
 * transaction's start overlaid with its staged writes. Writes outside a transaction apply at once
 * in memory and are collected so the command persists them with one journal append before it
 * replies.
 */
export class DataView {
  private readonly pending: Mutation[] = [];
  /** Set by write commands that pass `bypassDocumentValidation: true`. */
  private bypassValidation = false;

  constructor(
    private readonly store: Store,
    private readonly transactions: TransactionManager,
    readonly txn?: Transaction,
  ) {}

  /** The collection as this command sees it (one its transaction created included). */
  collection(db: string, coll: string): Collection | undefined {
    return this.store.collection(db, coll) ?? this.txn?.created.get(`${db}.${coll}`);
  }

  /**
   * Documents matching the filter, using an index where the filter allows. The indexes order
   * strings binarily, so a query under a collation scans. A view runs its pipeline first.
   */
  find(db: string, coll: string, filter?: Document, query?: QueryOptions): Document[] {
    const collection = this.collection(db, coll);
    let docs: Document[];
    if (collection?.isView) {
      docs = this.viewDocuments(collection, 0);
      query = { ...query, collation: query?.collation ?? defaultCollation(collection) };
    } else {
      const bounded = query?.collation ? undefined : filter;
      docs = !collection
        ? []
        : this.txn
          ? collection.candidatesAt(bounded, this.txn.startedAt)
          : collection.candidates(bounded);
    }
    const staged = this.txn?.staged(`${db}.${coll}`);
    if (staged) {
      docs = docs.filter((doc) => !staged.has(documentKey(doc._id)));
      for (const write of staged.values()) if (write.doc) docs.push(write.doc);
    }
    if (!filter || Object.keys(filter).length === 0) return docs;
    return docs.filter(compileFilter(filter, query));
  }

  /**
   * Matching documents sorted, skipped and limited; an index gives the order where it can, so a
   * limited query stops early instead of sorting every match.
   */
  select(
    db: string,
    coll: string,
    filter: Document | undefined,
    options: { sort?: Document; skip?: number; limit?: number } & QueryOptions,
  ): Document[] {
    const collection = this.collection(db, coll);
    const sort = sortFieldsOf(options.sort);
    // Staged writes and older versions are not in the indexes: those queries sort in memory.
    const current =
      !this.txn || (!this.txn.staged(`${db}.${coll}`)?.size && !collection?.history.size);
    if (
      collection &&
      !collection.isView &&
      sort &&
      sort.length > 0 &&
      current &&
      !options.collation
    ) {
      const skip = Math.max(0, options.skip ?? 0);
      const end = options.limit ? skip + Math.abs(options.limit) : Number.POSITIVE_INFINITY;
      const sorted = collection.sortedMatches(filter, sort, end, compileFilter(filter, options));
      if (sorted) return sorted.slice(skip, end);
    }
    const collation =
      options.collation ?? (collection?.isView ? defaultCollation(collection) : undefined);
    return selectDocuments(this.find(db, coll, filter, options), { ...options, collation });
  }

  /** A view's documents: its pipeline run over what it is defined on (a view in turn, maybe). */
  private viewDocuments(view: Collection, depth: number): Document[] {
    if (depth >= MAX_VIEW_DEPTH)
      throw new CommandError(
        VIEW_DEPTH_CODE,
        `View depth too deep or view cycle detected; maximum depth is ${MAX_VIEW_DEPTH}`,
        'ViewDepthLimitExceeded',
      );
    const source = this.collection(view.db, view.options.viewOn as string);
    const docs = source?.isView
      ? this.viewDocuments(source, depth + 1)
      : this.find(view.db, view.options.viewOn as string);
    const pipeline = (view.options.pipeline as Document[] | undefined) ?? [];
    if (pipeline.length === 0) return docs;
    return aggregate(docs, pipeline, (name) => this.find(view.db, name), {
      collation: defaultCollation(view),
    });
  }

  /**
   * Readies a write command on a collection: refuses views (as mongod does), notes
   * `bypassDocumentValidation`, and returns the collection if it exists.
   */
  prepareWrites(db: string, coll: string, command: Document): Collection | undefined {
    const collection = this.collection(db, coll);
    if (collection?.isView) throw notOnView(collection.ns);
    this.bypassValidation = command.bypassDocumentValidation === true;
    return collection;
  }

  insert(db: string, coll: string, doc: Document): void {
    this.write(db, coll, doc, true);
  }

  replace(db: string, coll: string, doc: Document): void {
    this.write(db, coll, doc, false);
  }

  delete(db: string, coll: string, id: unknown): void {
    const collection = this.collection(db, coll);
    if (!collection) return;
    if (collection.isView) throw notOnView(collection.ns);
    if (this.txn) {
      this.transactions.stage(this.txn, collection, documentKey(id), id, null);
      return;
    }
    this.applyNow({ op: 'delete', db, coll, id });
  }

  /** Applies a schema change at once (outside transactions; see createInTransaction). */
  applyNow(mutation: Mutation): void {
    this.store.applyInMemory([mutation]);
    this.pending.push(mutation);
  }

  /** Applies several changes atomically (all or none), e.g. the documents `$out` replaces. */
  applyAll(batch: Mutation[]): void {
    this.store.applyInMemory(batch);
    this.pending.push(...batch);
  }

  /**
   * Creates a collection: inside a transaction (as 6.0 allows) only in the transaction, which
   * creates it in the store when it commits; nobody else sees it before.
   */
  createCollection(db: string, coll: string, options: Document): Collection {
    if (this.collection(db, coll))
      throw new CommandError(48, `Collection ${db}.${coll} already exists.`, 'NamespaceExists');
    if (!this.txn) {
      this.applyNow({ op: 'createCollection', db, coll, options });
      return this.store.collection(db, coll)!;
    }
    const created = new Collection(db, coll, options);
    this.txn.created.set(created.ns, created);
    return created;
  }

  /** Makes every write of this command durable; call before replying. */
  async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    await this.store.persist(batch);
  }

  private write(db: string, coll: string, doc: Document, inserting: boolean): void {
    let collection = this.collection(db, coll);
    if (collection?.isView) throw notOnView(collection.ns);
    if (collection && !this.bypassValidation) {
      const previous = inserting ? undefined : collection.docs.get(documentKey(doc._id));
      collection.checkValidator(doc, previous);
    }
    if (!this.txn) {
      this.applyNow({ op: inserting ? 'insert' : 'replace', db, coll, doc });
      return;
    }
    collection ??= this.createCollection(db, coll, {});
    const key = documentKey(doc._id);
    const staged = this.txn.staged(collection.ns);
    const stagedHere = staged?.get(key);
    if (inserting && stagedHere?.doc)
      throw collection.duplicateKey({ key: { _id: 1 }, name: '_id_' }, [doc._id]);
    collection.checkUnique(
      doc,
      key,
      inserting,
      (other) => staged?.has(other) ?? false,
      this.txn.startedAt,
    );
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
      const strings = index.collation?.compare;
      const mine = index.keysOf(doc);
      for (const [otherKey, write] of staged) {
        if (otherKey === key || !write.doc) continue;
        for (const theirs of index.keysOf(write.doc)) {
          const clash = mine.find((tuple) =>
            tuple.every((v, i) => compareValues(v, theirs[i], strings) === 0),
          );
          if (clash) throw collection.duplicateKey(index.spec, clash);
        }
      }
    }
  }
}

const VIEW_DEPTH_CODE = 149;

function defaultCollation(collection: Collection) {
  return parseCollation(collection.options.collation);
}

export function notOnView(ns: string): CommandError {
  return new CommandError(
    166,
    `Namespace ${ns} is a view, not a collection`,
    'CommandNotSupportedOnView',
  );
}
