import type { Document } from 'bson';
import { CommandError } from '../errors.js';
import { documentKey } from './document-key.js';
import { boundsFor } from './planner.js';
import { SecondaryIndex, type IndexSpec } from './secondary-index.js';

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** How a query was answered; tests and explain use it to prove an index was used. */
export interface ScanReport {
  plan: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  index?: string;
  examined: number;
}

/**
 * One collection's documents in insertion order, keyed by documentKey(_id), with its secondary
 * indexes. Stored documents are immutable: every change stores a new object, which is also how
 * transactions detect that a document changed under them.
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, SecondaryIndex>();
  /** The store sequence at which each document was last written (or deleted). */
  readonly versions = new Map<string, number>();
  /** _id in sorted order, for _id ranges and prefixes (equality uses the docs map). */
  private readonly idOrder = new SecondaryIndex(ID_INDEX);
  /** While true (journal replay), writes skip the indexes; buildIndexes() then loads them. */
  private indexingDeferred = false;
  lastScan: ScanReport = { plan: 'COLLSCAN', examined: 0 };

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Document = {},
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  /** Throws E11000 if storing `doc` would break a unique index; `ignore` skips documents being replaced. */
  checkUnique(
    doc: Document,
    key: string,
    inserting: boolean,
    ignore?: (key: string) => boolean,
  ): void {
    if (inserting && this.docs.has(key) && !ignore?.(key)) {
      throw this.duplicateKey(ID_INDEX, [doc._id]);
    }
    for (const index of this.indexes.values()) {
      const conflict = index.conflictFor(doc, key, ignore);
      if (conflict) throw this.duplicateKey(index.spec, conflict);
    }
  }

  duplicateKey(spec: IndexSpec, values: unknown[]): CommandError {
    const fields = Object.keys(spec.key);
    const keyValue: Document = {};
    fields.forEach((field, i) => (keyValue[field] = values[i]));
    const shown = fields.map((field, i) => `${field}: ${JSON.stringify(values[i])}`).join(', ');
    return new CommandError(
      11000,
      `E11000 duplicate key error collection: ${this.ns} index: ${spec.name} dup key: { ${shown} }`,
      'DuplicateKey',
      { keyPattern: { ...spec.key }, keyValue },
    );
  }

  /** Stores a document (new or replacing the one with the same _id); constraints already checked. */
  put(doc: Document): Document | undefined {
    const key = documentKey(doc._id);
    const previous = this.docs.get(key);
    if (!this.indexingDeferred) {
      for (const index of this.indexes.values()) {
        if (previous) index.replace(previous, doc, key);
        else index.insert(doc, key);
      }
      if (!previous) this.idOrder.insert(doc, key);
    }
    this.docs.set(key, doc);
    return previous;
  }

  remove(key: string): Document | undefined {
    const previous = this.docs.get(key);
    if (!previous) return undefined;
    if (!this.indexingDeferred) {
      for (const index of this.indexes.values()) index.remove(previous, key);
      this.idOrder.remove(previous, key);
    }
    this.docs.delete(key);
    return previous;
  }

  /** Builds an index over the existing documents in one sort (E11000 if a unique one is broken). */
  addIndex(spec: IndexSpec): void {
    const index = new SecondaryIndex(spec);
    if (!this.indexingDeferred) {
      const conflict = index.load(this.docs);
      if (conflict) throw this.duplicateKey(spec, conflict);
    }
    this.indexes.set(spec.name, index);
  }

  /** Stops index maintenance until buildIndexes(): replay loads documents, then sorts once. */
  deferIndexing(): void {
    this.indexingDeferred = true;
  }

  buildIndexes(): void {
    if (!this.indexingDeferred) return;
    this.indexingDeferred = false;
    // Replay checks no constraints (its batches were valid when written), nor does this.
    this.idOrder.load(this.docs, false);
    for (const index of this.indexes.values()) index.load(this.docs, false);
  }

  /**
   * Documents that may match the filter, in natural order for scans; the caller re-applies the
   * filter. Uses the _id map or a secondary index when the filter bounds an indexed field.
   */
  candidates(filter: Document | undefined): Document[] {
    if (filter && filter._id !== undefined) {
      const bounds = boundsFor(filter, '_id');
      if (bounds?.equals) {
        const docs = uniqueKeys(bounds.equals.map(documentKey))
          .map((key) => this.docs.get(key))
          .filter((doc): doc is Document => doc !== undefined);
        this.lastScan = { plan: 'IDHACK', examined: docs.length };
        return docs;
      }
      if (bounds) return this.fetch(this.idOrder, this.idOrder.scan(bounds)!);
    }
    if (filter) {
      let best: { index: SecondaryIndex; keys: string[] } | undefined;
      for (const index of this.indexes.values()) {
        if (index.spec.partialFilterExpression) continue;
        // An index only wins with fewer entries than the best so far: stop scanning past that.
        const keys = this.scanIndex(index, filter, best ? best.keys.length - 1 : undefined);
        if (keys && (!best || keys.length < best.keys.length)) best = { index, keys };
      }
      if (best) return this.fetch(best.index, best.keys);
    }
    this.lastScan = { plan: 'COLLSCAN', examined: this.docs.size };
    return [...this.docs.values()];
  }

  /**
   * Scans an index as far as the filter bounds it: single equalities on leading fields form a
   * prefix, the next field's equality / $in / range narrows it. Undefined if the first field is
   * unbounded or the scan passes `limit` entries.
   */
  private scanIndex(index: SecondaryIndex, filter: Document, limit?: number): string[] | undefined {
    const prefix: unknown[] = [];
    for (const [position, path] of index.fields.entries()) {
      const bounds = boundsFor(filter, path.join('.'));
      if (position === 0 && !bounds) return undefined;
      if (index.spec.sparse && bounds?.equals?.some((v) => v === null)) return undefined;
      const single = bounds?.equals?.length === 1 && position < index.fields.length - 1;
      if (single) {
        prefix.push(bounds.equals![0]);
        continue;
      }
      return index.scan(bounds, prefix, limit);
    }
    return index.scan(undefined, prefix, limit);
  }

  private fetch(index: SecondaryIndex, keys: string[]): Document[] {
    const docs = uniqueKeys(keys)
      .map((key) => this.docs.get(key))
      .filter((doc): doc is Document => doc !== undefined);
    this.lastScan = { plan: 'IXSCAN', index: index.name, examined: docs.length };
    return docs;
  }
}

function uniqueKeys(keys: string[]): string[] {
  return keys.length < 2 ? keys : [...new Set(keys)];
}
