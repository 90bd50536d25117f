import type { Document } from 'bson';
import { compareValues, typeRank } from '../query/bson-order.js';
import { compileFilter, readPath, type DocumentPredicate } from '../query/engine.js';

/** An index definition as createIndexes receives and listIndexes returns it. */
export interface IndexSpec {
  v?: number;
  key: Record<string, number | string>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  [option: string]: unknown;
}

interface Entry {
  key: unknown[];
  id: string;
}

/** Bounds on the first indexed field, as the planner extracts them from a filter. */
export interface KeyBounds {
  equals?: unknown[];
  lower?: { value: unknown; inclusive: boolean };
  upper?: { value: unknown; inclusive: boolean };
}

/**
 * A secondary index: entries sorted by key tuple then document key, so equality and range scans
 * are binary searches (O(log n) to find, then proportional to the result).
 */
export class SecondaryIndex {
  readonly fields: string[][];
  private entries: Entry[] = [];
  private readonly partial?: DocumentPredicate;
  /** Whether any indexed value has been an array (then array-valued equality must scan). */
  multikey = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key).map((path) => path.split('.'));
    if (spec.partialFilterExpression) this.partial = compileFilter(spec.partialFilterExpression);
  }

  get name(): string {
    return this.spec.name;
  }

  get size(): number {
    return this.entries.length;
  }

  /** The key tuples a document contributes; empty when the index skips it (sparse/partial). */
  keysOf(doc: Document): unknown[][] {
    if (this.partial && !this.partial(doc)) return [];
    const values = this.fields.map((path) => readPath(doc, path));
    if (this.spec.sparse && values.every((v) => v === undefined)) return [];
    let tuples: unknown[][] = [[]];
    for (const value of values) {
      const alternatives = Array.isArray(value)
        ? value.length > 0
          ? uniqueValues(value)
          : [undefined]
        : [value];
      if (Array.isArray(value)) this.multikey = true;
      tuples = tuples.flatMap((tuple) =>
        alternatives.map((v) => [...tuple, v === undefined ? null : v]),
      );
    }
    return tuples;
  }

  insert(doc: Document, id: string): void {
    for (const key of this.keysOf(doc)) {
      const entry = { key, id };
      this.entries.splice(this.lowerBound(entry), 0, entry);
    }
  }

  remove(doc: Document, id: string): void {
    for (const key of this.keysOf(doc)) {
      const at = this.lowerBound({ key, id });
      const found = this.entries[at];
      if (found && found.id === id && compareTuples(found.key, key) === 0)
        this.entries.splice(at, 1);
    }
  }

  /** For a unique index: the first key tuple of `doc` already held by another document. */
  conflictFor(
    doc: Document,
    id: string,
    ignore?: (otherId: string) => boolean,
  ): unknown[] | undefined {
    if (!this.spec.unique) return undefined;
    for (const key of this.keysOf(doc)) {
      let at = this.lowerBound({ key, id: '' });
      for (; at < this.entries.length; at++) {
        const entry = this.entries[at]!;
        if (compareTuples(entry.key, key) !== 0) break;
        if (entry.id !== id && !ignore?.(entry.id)) return key;
      }
    }
    return undefined;
  }

  /**
   * Document keys of entries whose leading values equal `prefix` and whose next value lies within
   * `bounds` (any value when absent). May repeat a key for multikey documents.
   */
  scan(bounds: KeyBounds | undefined, prefix: unknown[] = []): string[] {
    const at = prefix.length;
    const ids: string[] = [];
    const samePrefix = (entry: Entry) =>
      prefix.every((value, i) => compareValues(entry.key[i], value) === 0);
    if (bounds?.equals) {
      for (const value of bounds.equals) {
        for (let i = this.firstAtLeast(prefix, value, true); i < this.entries.length; i++) {
          const entry = this.entries[i]!;
          if (!samePrefix(entry) || compareValues(entry.key[at], value) !== 0) break;
          ids.push(entry.id);
        }
      }
      return ids;
    }
    if (this.multikey && bounds?.lower && bounds.upper) {
      // Different array elements may satisfy the two sides ({a: [0, -2.5]} matches
      // {$gte: -1.5, $lt: 0}), so a multikey index cannot intersect them: keep the lower one.
      bounds = { lower: bounds.lower };
    }
    const bracketOf = bounds?.lower?.value ?? bounds?.upper?.value;
    const rank = bounds ? typeRank(bracketOf) : undefined;
    let i = bounds?.lower
      ? this.firstAtLeast(prefix, bounds.lower.value, bounds.lower.inclusive)
      : this.firstAtLeast(prefix, undefined, true, rank);
    for (; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (!samePrefix(entry)) break;
      const value = entry.key[at];
      if (rank !== undefined && typeRank(value) !== rank) break;
      if (bounds?.upper) {
        const c = compareValues(value, bounds.upper.value);
        if (c > 0 || (c === 0 && !bounds.upper.inclusive)) break;
      }
      ids.push(entry.id);
    }
    return ids;
  }

  /**
   * First entry at or after (prefix, value): with `rank`, the first of that type bracket; with
   * neither value nor rank, the first entry with the prefix.
   */
  private firstAtLeast(
    prefix: unknown[],
    value: unknown,
    inclusive: boolean,
    rank?: number,
  ): number {
    const at = prefix.length;
    const bounded = value !== undefined;
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const key = this.entries[mid]!.key;
      let c = 0;
      for (let i = 0; i < at && c === 0; i++) c = compareValues(key[i], prefix[i]);
      if (c === 0) {
        if (rank !== undefined && !bounded) c = typeRank(key[at]) < rank ? -1 : 1;
        else if (bounded) {
          c = compareValues(key[at], value);
          if (c === 0) c = inclusive ? 1 : -1;
        } else c = 1;
      }
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBound(target: Entry): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.entries[mid]!, target) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compareTuples(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function compareEntries(a: Entry, b: Entry): number {
  const c = compareTuples(a.key, b.key);
  if (c !== 0) return c;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function uniqueValues(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v);
  return out;
}
