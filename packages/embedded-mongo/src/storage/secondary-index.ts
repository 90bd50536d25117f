import { Timestamp, type Document } from 'bson';
import BTreeModule from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad.js';
import { compareValues, typeRank, type StringOrder } from '../query/bson-order.js';
import { parseCollation, type Collation } from '../query/collation.js';
import { compileFilter, readPath, type DocumentPredicate } from '../query/engine.js';

// sorted-btree is CommonJS with `exports.default`: Node's ESM import gives the module object,
// vitest's interop the class itself.
const BTree: typeof BTreeModule.default =
  'default' in BTreeModule ? BTreeModule.default : (BTreeModule as never);
type BTree<K, V> = InstanceType<typeof BTreeModule.default<K, V>>;

/** Node size of the B+trees: large enough for shallow trees, small enough for cheap splits. */
const NODE_SIZE = 64;

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

/**
 * An index entry, or a search probe: a probe's `bias` places it just before (-1) or just after
 * (+1) every entry whose key starts with the probe's (possibly shorter) key, whatever their id.
 */
interface Entry extends IndexEntry {
  bias?: -1 | 1;
}

/** One (key tuple, document key) pair of an index, in the tree's order. */
export interface IndexEntry {
  key: unknown[];
  id: string;
}

/** A probe value that sorts before every value of its BSON type bracket and after lower ones. */
class BracketStart {
  constructor(readonly rank: number) {}
}

/** Bounds on the first indexed field, as the planner extracts them from a filter. */
export interface KeyBounds {
  equals?: unknown[];
  lower?: { value: unknown; inclusive: boolean };
  upper?: { value: unknown; inclusive: boolean };
}

/**
 * A secondary index: a B+tree of (key tuple, document key) in BSON order, so inserts and deletes
 * are O(log n) and equality and range scans are a descent plus a walk proportional to the result.
 */
export class SecondaryIndex {
  readonly fields: string[][];
  /**
   * A collated index orders (and, if unique, compares) strings under its collation. The planner
   * does not scan such indexes (their bounds would have to be collation keys); they are kept and
   * enforce uniqueness.
   */
  readonly collation?: Collation;
  private readonly compare: (a: Entry, b: Entry) => number;
  private tree: BTree<Entry, undefined>;
  private readonly partial?: DocumentPredicate;
  /** Whether any indexed value has been an array (then array-valued equality must scan). */
  multikey = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key).map((path) => path.split('.'));
    if (spec.partialFilterExpression) this.partial = compileFilter(spec.partialFilterExpression);
    this.collation = parseCollation(spec.collation);
    const strings = this.collation?.compare;
    this.compare = strings ? (a, b) => compareEntries(a, b, strings) : compareEntries;
    this.tree = new BTree<Entry, undefined>(undefined, this.compare, NODE_SIZE);
  }

  get name(): string {
    return this.spec.name;
  }

  get size(): number {
    return this.tree.size;
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
    for (const key of this.keysOf(doc)) this.tree.set({ key, id }, undefined);
  }

  remove(doc: Document, id: string): void {
    for (const key of this.keysOf(doc)) this.tree.delete({ key, id });
  }

  /** Re-indexes a replaced document, touching the tree only when its keys changed. */
  replace(previous: Document, doc: Document, id: string): void {
    const before = this.keysOf(previous);
    const after = this.keysOf(doc);
    if (before.length === after.length && before.every((key, i) => sameTuple(key, after[i]!)))
      return;
    for (const key of before) this.tree.delete({ key, id });
    for (const key of after) this.tree.set({ key, id }, undefined);
  }

  /**
   * Rebuilds the index from every document at once: the entries are sorted once and loaded
   * bottom-up, instead of descending the tree for each. With `checkUnique`, returns the first key
   * tuple two documents share on a unique index (the index is then left empty), or undefined.
   */
  load(docs: Iterable<[string, Document]>, checkUnique = true): unknown[] | undefined {
    const entries: Entry[] = [];
    for (const [id, doc] of docs) for (const key of this.keysOf(doc)) entries.push({ key, id });
    if (this.collation) entries.sort(this.compare);
    else sortEntries(entries);
    const strings = this.collation?.compare;
    if (this.spec.unique && checkUnique) {
      for (let i = 1; i < entries.length; i++) {
        const entry = entries[i]!;
        const previous = entries[i - 1]!;
        if (entry.id !== previous.id && compareTuples(entry.key, previous.key, strings) === 0)
          return entry.key;
      }
    }
    this.tree = bulkLoad(
      entries,
      entries.map(() => undefined),
      NODE_SIZE,
      this.compare,
    ) as BTree<Entry, undefined>;
    return undefined;
  }

  /**
   * For a unique index: the first key tuple of `doc` already held by another document, and that
   * document's key.
   */
  conflictFor(
    doc: Document,
    id: string,
    ignore?: (otherId: string) => boolean,
  ): { key: unknown[]; holder: string } | undefined {
    if (!this.spec.unique) return undefined;
    const strings = this.collation?.compare;
    for (const key of this.keysOf(doc)) {
      for (const entry of this.tree.keys({ key, id: '', bias: -1 })) {
        if (compareTuples(entry.key, key, strings) !== 0) break;
        if (entry.id !== id && !ignore?.(entry.id)) return { key, holder: entry.id };
      }
    }
    return undefined;
  }

  /**
   * Document keys of entries whose leading values equal `prefix` and whose next value lies within
   * `bounds` (any value when absent), in index order. May repeat a key for multikey documents.
   * Stops and returns undefined once there are more than `limit` of them.
   */
  scan(
    bounds: KeyBounds | undefined,
    prefix: unknown[] = [],
    limit = Number.POSITIVE_INFINITY,
  ): string[] | undefined {
    const at = prefix.length;
    const ids: string[] = [];
    const samePrefix = (entry: Entry) =>
      prefix.every((value, i) => compareValues(entry.key[i], value) === 0);
    if (bounds?.equals) {
      for (const value of bounds.equals) {
        for (const entry of this.tree.keys({ key: [...prefix, value], id: '', bias: -1 })) {
          if (!samePrefix(entry) || compareValues(entry.key[at], value) !== 0) break;
          if (ids.push(entry.id) > limit) return undefined;
        }
      }
      return ids;
    }
    if (this.multikey && bounds?.lower && bounds.upper) {
      // Different array elements may satisfy the two sides ({a: [0, -2.5]} matches
      // {$gte: -1.5, $lt: 0}), so a multikey index cannot intersect them: keep the lower one.
      bounds = { lower: bounds.lower };
    }
    for (const entry of this.ordered(prefix, bounds, false)) {
      if (ids.push(entry.id) > limit) return undefined;
    }
    return ids;
  }

  /**
   * Entries whose leading values equal `prefix` and whose next value lies within the range
   * `bounds` (its type bracket when one-sided; any value when absent), in index order or
   * reversed, lazily so that a caller can stop as soon as it has enough.
   */
  *ordered(
    prefix: unknown[],
    bounds: Omit<KeyBounds, 'equals'> | undefined,
    reverse: boolean,
  ): Generator<IndexEntry> {
    const at = prefix.length;
    const samePrefix = (entry: Entry) =>
      prefix.every((value, i) => compareValues(entry.key[i], value) === 0);
    const bracketOf = bounds?.lower?.value ?? bounds?.upper?.value;
    const rank = bounds?.lower || bounds?.upper ? typeRank(bracketOf) : undefined;
    if (!reverse) {
      const start: Entry = bounds?.lower
        ? { key: [...prefix, bounds.lower.value], id: '', bias: bounds.lower.inclusive ? -1 : 1 }
        : rank !== undefined
          ? { key: [...prefix, new BracketStart(rank)], id: '', bias: -1 }
          : { key: prefix, id: '', bias: -1 };
      for (const entry of this.tree.keys(start)) {
        if (!samePrefix(entry)) return;
        const value = entry.key[at];
        if (rank !== undefined && typeRank(value) !== rank) return;
        if (bounds?.upper) {
          const c = compareValues(value, bounds.upper.value);
          if (c > 0 || (c === 0 && !bounds.upper.inclusive)) return;
        }
        yield entry;
      }
      return;
    }
    const end: Entry = bounds?.upper
      ? { key: [...prefix, bounds.upper.value], id: '', bias: bounds.upper.inclusive ? 1 : -1 }
      : rank !== undefined
        ? { key: [...prefix, new BracketStart(rank + 1)], id: '', bias: -1 }
        : { key: prefix, id: '', bias: 1 };
    for (const [entry] of this.tree.entriesReversed(end)) {
      if (!samePrefix(entry)) return;
      const value = entry.key[at];
      if (rank !== undefined && typeRank(value) !== rank) return;
      if (bounds?.lower) {
        const c = compareValues(value, bounds.lower.value);
        if (c < 0 || (c === 0 && !bounds.lower.inclusive)) return;
      }
      yield entry;
    }
  }
}

function compareKeyValues(a: unknown, b: unknown, strings?: StringOrder): number {
  // Fast paths for the common key types (the comparator runs O(log n) times per tree operation).
  if (typeof a === 'string' && typeof b === 'string')
    return a === b ? 0 : strings ? Math.sign(strings(a, b)) : a < b ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b)
    return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (a instanceof Timestamp && b instanceof Timestamp) return a.compare(b);
  if (a instanceof BracketStart) return typeRank(b) < a.rank ? 1 : -1;
  if (b instanceof BracketStart) return typeRank(a) < b.rank ? -1 : 1;
  return compareValues(a, b, strings);
}

function compareTuples(a: unknown[], b: unknown[], strings?: StringOrder): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i], strings);
    if (c !== 0) return c;
  }
  return 0;
}

function compareEntries(a: Entry, b: Entry, strings?: StringOrder): number {
  const common = Math.min(a.key.length, b.key.length);
  for (let i = 0; i < common; i++) {
    const c = compareKeyValues(a.key[i], b.key[i], strings);
    if (c !== 0) return c;
  }
  // Past the common part only probes remain to place: their bias decides.
  if (a.bias !== undefined) return a.bias;
  if (b.bias !== undefined) return -b.bias;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Sorts entries as compareEntries orders them. Single-field string keys (the usual case) are
 * grouped by value first, so a multikey index with many entries per word sorts its distinct
 * words, then each word's few document keys.
 */
function sortEntries(entries: Entry[]): void {
  const allStrings = entries.every((entry) => entry.key.every((v) => typeof v === 'string'));
  if (!allStrings || entries.some((entry) => entry.key.length !== 1)) {
    entries.sort(allStrings ? compareStringEntries : compareEntries);
    return;
  }
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    const value = entry.key[0] as string;
    const group = groups.get(value);
    if (group) group.push(entry);
    else groups.set(value, [entry]);
  }
  const values = [...groups.keys()].sort(compareStrings);
  let at = 0;
  for (const value of values) {
    const group = groups.get(value)!;
    if (group.length > 1) group.sort((a, b) => compareStrings(a.id, b.id));
    for (const entry of group) entries[at++] = entry;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** compareEntries for entries whose key values are all strings, at less cost. */
function compareStringEntries(a: Entry, b: Entry): number {
  for (let i = 0; i < a.key.length; i++) {
    const x = a.key[i] as string;
    const y = b.key[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Equal and of the same representation (an int key replaced by a Long one is re-indexed). */
function sameTuple(a: unknown[], b: unknown[]): boolean {
  return (
    a.length === b.length &&
    a.every((value, i) => {
      const other = b[i];
      if (value === other) return true;
      if (typeof value !== typeof other || compareValues(value, other) !== 0) return false;
      return (
        typeof value !== 'object' || (value as object).constructor === (other as object).constructor
      );
    })
  );
}

/** The array's distinct values (by BSON comparison); sorting keeps long arrays O(k log k). */
function uniqueValues(values: unknown[]): unknown[] {
  if (values.length <= 8) {
    const out: unknown[] = [];
    for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v);
    return out;
  }
  const sorted = [...values].sort(compareValues);
  return sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v) !== 0);
}
