import type { Document } from 'bson';
import { CommandError } from '../errors.js';
import { Collection } from './collection.js';
import { documentKey } from './document-key.js';
import type { Journal, Mutation } from './mutations.js';
import type { IndexSpec } from './secondary-index.js';

/**
 * Every database and collection, and the one place state changes: apply() checks and applies a
 * batch of mutations atomically in memory (undoing on failure), then waits for the journal.
 */
export class Store {
  readonly databases = new Map<string, Map<string, Collection>>();
  /** Counts applied batches; transactions compare it with document versions to detect conflicts. */
  sequence = 0;
  journal?: Journal;
  /** During start-up replay, collections defer their indexes to one bulk build at the end. */
  private replaying = false;
  /**
   * The sequence the oldest open transaction reads at, if any: while one is open, every write
   * keeps the version it replaces (Collection.history) so that transaction still reads it.
   */
  snapshotFloor: () => number | undefined = () => undefined;

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  /** Applies a batch durably. Throws (with nothing applied) if any mutation is refused. */
  async apply(batch: Mutation[]): Promise<void> {
    this.applyInMemory(batch);
    await this.persist(batch);
  }

  /** Waits until batches already applied in memory are in the journal (no-op in memory mode). */
  async persist(batch: Mutation[]): Promise<void> {
    if (this.journal && batch.length > 0) await this.journal.append(batch);
  }

  /**
   * Replays a journaled batch at start-up. Idempotent (inserts overwrite, deletes and drops of
   * missing things are no-ops, no constraint checks): batches were valid when written, and after
   * a crash during compaction some are replayed onto a snapshot that already contains them.
   */
  replay(batch: Mutation[]): void {
    if (!this.replaying) {
      this.replaying = true;
      for (const db of this.databases.values())
        for (const collection of db.values()) collection.deferIndexing();
    }
    for (const m of batch) {
      switch (m.op) {
        case 'insert':
        case 'replace':
          this.ensureCollection(m.db, m.coll)[0].put(m.doc);
          break;
        case 'delete':
          this.collection(m.db, m.coll)?.remove(documentKey(m.id));
          break;
        case 'createCollection':
          this.ensureCollection(m.db, m.coll, m.options);
          break;
        case 'createIndex': {
          const collection = this.ensureCollection(m.db, m.coll)[0];
          collection.indexes.delete(m.spec.name);
          collection.addIndex(m.spec);
          break;
        }
        default:
          this.applyOne(m);
      }
    }
  }

  /** Ends a replay: every collection builds its indexes from its documents in one sort each. */
  finishReplay(): void {
    if (!this.replaying) return;
    this.replaying = false;
    for (const db of this.databases.values())
      for (const collection of db.values()) collection.buildIndexes();
  }

  /** Applies a batch atomically in memory; the caller must persist() it before acknowledging. */
  applyInMemory(batch: Mutation[], ignoreForUnique?: (ns: string, key: string) => boolean): void {
    const keepHistory = this.snapshotFloor() !== undefined;
    const replaced: Array<[Collection, string, Document | undefined]> = [];
    if (keepHistory) {
      for (const m of batch) {
        if (m.op !== 'insert' && m.op !== 'replace' && m.op !== 'delete') continue;
        const collection = this.collection(m.db, m.coll);
        const key = documentKey(m.op === 'delete' ? m.id : m.doc._id);
        if (collection && !replaced.some(([c, k]) => c === collection && k === key))
          replaced.push([collection, key, collection.docs.get(key)]);
      }
    }
    const undo: Array<() => void> = [];
    try {
      for (const mutation of batch) undo.push(this.applyOne(mutation, ignoreForUnique));
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    }
    const sequence = ++this.sequence;
    for (const m of batch) {
      if (m.op === 'insert' || m.op === 'replace' || m.op === 'delete') {
        const key = documentKey(m.op === 'delete' ? m.id : m.doc._id);
        this.collection(m.db, m.coll)?.versions.set(key, sequence);
      }
    }
    for (const [collection, key, doc] of replaced) collection.keepVersion(key, doc, sequence);
  }

  /** Forgets the replaced versions no open transaction can read any more. */
  pruneHistory(floor: number | undefined): void {
    for (const collections of this.databases.values())
      for (const collection of collections.values()) collection.pruneHistory(floor);
  }

  private ensureCollection(
    db: string,
    name: string,
    options: Document = {},
  ): [Collection, () => void] {
    let collections = this.databases.get(db);
    const createdDb = !collections;
    if (!collections) {
      collections = new Map();
      this.databases.set(db, collections);
    }
    const existing = collections.get(name);
    if (existing) return [existing, () => {}];
    const created = new Collection(db, name, options);
    if (this.replaying) created.deferIndexing();
    collections.set(name, created);
    return [
      created,
      () => {
        collections.delete(name);
        if (createdDb) this.databases.delete(db);
      },
    ];
  }

  private applyOne(
    m: Mutation,
    ignoreForUnique?: (ns: string, key: string) => boolean,
  ): () => void {
    switch (m.op) {
      case 'insert':
      case 'replace': {
        const [collection, undoCreate] = this.ensureCollection(m.db, m.coll);
        const key = documentKey(m.doc._id);
        try {
          const ignore = ignoreForUnique
            ? (k: string) => ignoreForUnique(collection.ns, k)
            : undefined;
          collection.checkUnique(m.doc, key, m.op === 'insert', ignore);
        } catch (error) {
          undoCreate();
          throw error;
        }
        const previous = collection.put(m.doc);
        return () => {
          if (previous) collection.put(previous);
          else collection.remove(key);
          undoCreate();
        };
      }
      case 'delete': {
        const collection = this.collection(m.db, m.coll);
        const key = documentKey(m.id);
        const previous = collection?.remove(key);
        return () => {
          if (previous) collection!.put(previous);
        };
      }
      case 'createCollection': {
        if (this.collection(m.db, m.coll)) {
          throw new CommandError(
            48,
            `Collection ${m.db}.${m.coll} already exists.`,
            'NamespaceExists',
          );
        }
        return this.ensureCollection(m.db, m.coll, m.options)[1];
      }
      case 'dropCollection': {
        const collections = this.databases.get(m.db);
        const previous = collections?.get(m.coll);
        collections?.delete(m.coll);
        return () => {
          if (previous) collections!.set(m.coll, previous);
        };
      }
      case 'createIndex': {
        const [collection, undoCreate] = this.ensureCollection(m.db, m.coll);
        try {
          collection.addIndex(m.spec);
        } catch (error) {
          undoCreate();
          throw error;
        }
        return () => {
          collection.indexes.delete(m.spec.name);
          undoCreate();
        };
      }
      case 'dropIndex': {
        const collection = this.collection(m.db, m.coll);
        const previous = collection?.indexes.get(m.name);
        collection?.indexes.delete(m.name);
        return () => {
          if (previous) collection!.indexes.set(m.name, previous);
        };
      }
      case 'modifyCollection': {
        const collection = this.collection(m.db, m.coll);
        if (!collection) return () => {};
        const previous = collection.options;
        collection.options = m.options;
        return () => {
          collection.options = previous;
        };
      }
      case 'modifyIndex': {
        const spec = this.collection(m.db, m.coll)?.indexes.get(m.spec.name)?.spec;
        if (!spec) return () => {};
        const previous = { ...spec };
        const replaceWith = (next: IndexSpec) => {
          for (const key of Object.keys(spec)) delete spec[key];
          Object.assign(spec, next);
        };
        replaceWith(m.spec);
        return () => replaceWith(previous);
      }
      case 'dropDatabase': {
        const previous = this.databases.get(m.db);
        this.databases.delete(m.db);
        return () => {
          if (previous) this.databases.set(m.db, previous);
        };
      }
    }
  }
}
