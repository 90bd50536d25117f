import type { Document } from 'bson';
import { CommandError, writeConflict } from '../errors.js';
import { compareValues } from '../query/bson-order.js';
import { compileFilter, sortDocuments, type DocumentPredicate } from '../query/engine.js';
import { documentKey } from './document-key.js';
import { asRange, boundsFor, conjunctBounds, impliesPartialFilter } from './planner.js';
import {
  SecondaryIndex,
  type IndexEntry,
  type IndexSpec,
  type KeyBounds,
} from './secondary-index.js';

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** How a query was answered; tests and explain use it to prove an index was used. */
export interface ScanReport {
  plan: 'IDHACK' | 'IXSCAN' | 'OR' | 'COLLSCAN';
  index?: string;
  examined: number;
  /** How a sorted query was ordered: by walking the index, or in memory after fetching. */
  sort?: 'index' | 'memory';
}

/** A sort specification as find receives it: field paths and directions, in order. */
export type SortFields = readonly { path: string; direction: 1 | -1 }[];

/**
 * An index that yields documents in a sort's order: equality-bound leading fields (each prefix
 * one combination of their values, merged when there are several), then the sort fields.
 */
interface OrderedPlan {
  index: SecondaryIndex;
  prefixes: unknown[][];
  /** Bounds on the first field after the prefix, from the filter. */
  bounds?: Omit<KeyBounds, 'equals'>;
  /** The filter fields whose bounds the walk applies exactly. */
  covered: Set<string>;
  reverse: boolean;
}

/**
 * A sorted query walks an order-giving index unless another index bounds the filter to at most
 * this many entries (or `SORT_IN_MEMORY_FACTOR` times skip + limit, or 2·√(want × documents)):
 * those are cheaper to sort than the walk is to run.
 */
const SORT_IN_MEMORY_MIN = 256;
const SORT_IN_MEMORY_FACTOR = 8;
/** More combinations of $in values than this in the prefix: not worth a merge. */
const MAX_MERGED_PREFIXES = 64;

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
  /** The planner's rule for sorted queries (see SORT_IN_MEMORY_MIN); tests lower them. */
  sortInMemoryMin = SORT_IN_MEMORY_MIN;
  sortInMemoryFactor = SORT_IN_MEMORY_FACTOR;

  /**
   * Versions replaced while transactions were open: document key → (the document before the
   * write, or undefined if it did not exist; the sequence of that write), oldest first.
   */
  readonly history = new Map<string, { doc: Document | undefined; replacedAt: number }[]>();
  /** The validator compiled, for the options it was compiled from. */
  private validator?: { options: Document; matches: DocumentPredicate };

  constructor(
    readonly db: string,
    readonly name: string,
    /** create's options (validator, collation, viewOn + pipeline…); collMod replaces them. */
    public options: Document = {},
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** A view: no documents of its own, only a pipeline over another collection. */
  get isView(): boolean {
    return typeof this.options.viewOn === 'string';
  }

  /**
   * Throws DocumentValidationFailure (121) when the collection has a validator the document does
   * not meet. `previous` is the document being replaced: with `validationLevel: 'moderate'`
   * documents that already failed validation may go on failing. `validationAction: 'warn'` and
   * `validationLevel: 'off'` accept everything, as mongod does (it only logs the warning).
   */
  checkValidator(doc: Document, previous: Document | undefined): void {
    const { validator, validationLevel, validationAction } = this.options;
    if (!validator || Object.keys(validator as Document).length === 0) return;
    if (validationLevel === 'off' || validationAction === 'warn') return;
    if (this.validator?.options !== this.options)
      this.validator = { options: this.options, matches: compileFilter(validator as Document) };
    if (this.validator.matches(doc)) return;
    if (validationLevel === 'moderate' && previous && !this.validator.matches(previous)) return;
    throw new CommandError(121, 'Document failed validation', 'DocumentValidationFailure', {
      errInfo: {
        failingDocumentId: doc._id,
        details: {
          operatorName: Object.keys(validator as Document)[0] ?? '$and',
          specifiedAs: validator,
          reason: 'the document does not match the collection validator',
        },
      },
    });
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  /**
   * Throws E11000 if storing `doc` would break a unique index; `ignore` skips documents being
   * replaced. A transaction reading at `snapshot` that collides with a document written after
   * it began gets WriteConflict instead, as from WiredTiger: retried, it may well succeed.
   */
  checkUnique(
    doc: Document,
    key: string,
    inserting: boolean,
    ignore?: (key: string) => boolean,
    snapshot?: number,
  ): void {
    const newer = (holder: string) =>
      snapshot !== undefined && (this.versions.get(holder) ?? 0) > snapshot;
    if (inserting && this.docs.has(key) && !ignore?.(key)) {
      if (newer(key)) throw writeConflict();
      throw this.duplicateKey(ID_INDEX, [doc._id]);
    }
    for (const index of this.indexes.values()) {
      const conflict = index.conflictFor(doc, key, ignore);
      if (!conflict) continue;
      if (newer(conflict.holder)) throw writeConflict();
      throw this.duplicateKey(index.spec, conflict.key);
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

  keepVersion(key: string, doc: Document | undefined, replacedAt: number): void {
    const versions = this.history.get(key);
    if (versions) versions.push({ doc, replacedAt });
    else this.history.set(key, [{ doc, replacedAt }]);
  }

  /** Drops versions replaced at or before `floor` (all of them when no transaction is open). */
  pruneHistory(floor: number | undefined): void {
    if (this.history.size === 0) return;
    if (floor === undefined) {
      this.history.clear();
      return;
    }
    for (const [key, versions] of this.history) {
      const kept = versions.filter((version) => version.replacedAt > floor);
      if (kept.length === 0) this.history.delete(key);
      else if (kept.length !== versions.length) this.history.set(key, kept);
    }
  }

  /**
   * The documents that may match `filter` as they were at store sequence `snapshot`: the current
   * candidates whose last write is no later, and for every key written since, the version it had
   * then (from the history; those are few, and re-filtered by the caller like any candidate).
   */
  candidatesAt(filter: Document | undefined, snapshot: number): Document[] {
    const current = this.candidates(filter);
    if (this.history.size === 0) return current;
    const docs: Document[] = [];
    for (const doc of current) {
      const key = documentKey(doc._id);
      if ((this.versions.get(key) ?? 0) <= snapshot || !this.history.has(key)) docs.push(doc);
    }
    for (const [key, versions] of this.history) {
      if ((this.versions.get(key) ?? 0) <= snapshot) continue;
      const then = versions.find((version) => version.replacedAt > snapshot);
      const doc = then ? then.doc : this.docs.get(key);
      if (doc) docs.push(doc);
    }
    return docs;
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
      if (bounds?.equals) return this.idLookup(bounds.equals);
    }
    const best = filter && this.narrowest(filter);
    if (best) return this.fetch(best.index, best.keys);
    const union = filter && this.orUnion(filter);
    if (union) return union;
    this.lastScan = { plan: 'COLLSCAN', examined: this.docs.size };
    return [...this.docs.values()];
  }

  /**
   * mongod's OR plan: a top-level `$or` whose every clause an index answers is the union of the
   * clauses' candidates; undefined when one clause would need a collection scan.
   */
  private orUnion(filter: Document): Document[] | undefined {
    const clauses = filter.$or;
    if (!Array.isArray(clauses) || clauses.length === 0) return undefined;
    const union = new Map<string, Document>();
    for (const clause of clauses as Document[]) {
      let found: Document[];
      const ids = clause._id !== undefined ? boundsFor(clause, '_id') : undefined;
      if (ids?.equals) found = this.idLookup(ids.equals);
      else {
        const best = this.narrowest(clause);
        if (!best) return undefined;
        found = this.fetch(best.index, best.keys);
      }
      for (const doc of found) union.set(documentKey(doc._id), doc);
    }
    this.lastScan = { plan: 'OR', examined: union.size };
    return [...union.values()];
  }

  /**
   * The documents matching `matches`, sorted, when an index can give the sort's order: at least
   * the first `want` of them (all when fewer match). Walks that index in order and stops at
   * `want`, unless another index bounds the filter to few enough entries to sort in memory.
   * Undefined when no index gives the order (the caller sorts candidates()).
   */
  sortedMatches(
    filter: Document | undefined,
    sort: SortFields,
    want: number,
    matches: DocumentPredicate,
  ): Document[] | undefined {
    if (sort.length === 0) return undefined;
    const idBounds = filter?._id !== undefined ? boundsFor(filter, '_id') : undefined;
    if (idBounds?.equals) return undefined; // a few direct lookups
    const plan = this.orderedPlan(filter ?? {}, sort);
    if (!plan) return undefined;
    const cap = Number.isFinite(want)
      ? Math.max(
          this.sortInMemoryMin,
          this.sortInMemoryFactor * want,
          // Sorting C bounded entries costs ~C; the walk examines at least ~want × size / C
          // (the filter keeps at most C of the size), so memory wins while C² ≤ want × size.
          // Twice that, since the rest of the filter usually makes the walk longer still.
          this.sortInMemoryFactor && 2 * Math.sqrt(want * this.docs.size),
        )
      : Number.POSITIVE_INFINITY;
    const bounded = filter && this.narrowest(filter, cap, plan.covered);
    // Unlimited: walking the order-giving index only beats sorting if it is the narrowest.
    if (bounded && (Number.isFinite(want) || bounded.index !== plan.index)) {
      const docs = this.fetch(bounded.index, bounded.keys).filter(matches);
      this.lastScan.sort = 'memory';
      return sortDocuments(
        docs,
        Object.fromEntries(sort.map(({ path, direction }) => [path, direction])),
      );
    }
    return this.walk(plan, want, matches);
  }

  private walk(plan: OrderedPlan, want: number, matches: DocumentPredicate): Document[] {
    const at = plan.prefixes[0]!.length;
    const streams = plan.prefixes.map((prefix) =>
      plan.index.ordered(prefix, plan.bounds, plan.reverse),
    );
    const entries = streams.length === 1 ? streams[0]! : mergeOrdered(streams, at, plan.reverse);
    // No document repeats: the index is not multikey and the prefixes are distinct.
    const found: Document[] = [];
    let examined = 0;
    for (const entry of entries) {
      if (found.length >= want) break;
      const doc = this.docs.get(entry.id);
      if (!doc) continue;
      examined++;
      if (matches(doc)) found.push(doc);
    }
    this.lastScan = { plan: 'IXSCAN', index: plan.index.name, examined, sort: 'index' };
    return found;
  }

  /**
   * The index walk that yields the sort's order with the longest equality prefix, if any. The
   * trees hold every field ascending whatever the spec's direction, so the sort's fields (after
   * those the filter fixes to one value) must follow the index's fields all ascending or all
   * descending. Multikey indexes are never used (a document has several places in them), nor
   * partial ones, nor sparse ones unless the prefix excludes the documents they leave out.
   */
  private orderedPlan(filter: Document, sort: SortFields): OrderedPlan | undefined {
    let best: OrderedPlan | undefined;
    for (const index of [this.idOrder, ...this.indexes.values()]) {
      if (index.multikey || index.spec.partialFilterExpression || index.collation) continue;
      const plan = orderedPlanOf(index, filter, sort);
      if (plan && (!best || plan.prefixes[0]!.length > best.prefixes[0]!.length)) best = plan;
    }
    return best;
  }

  private idLookup(ids: unknown[]): Document[] {
    const docs = uniqueKeys(ids.map(documentKey))
      .map((key) => this.docs.get(key))
      .filter((doc): doc is Document => doc !== undefined);
    this.lastScan = { plan: 'IDHACK', examined: docs.length };
    return docs;
  }

  /**
   * The index that bounds the filter to the fewest entries (_id's order for an _id range), and
   * those entries' document keys; undefined when none bounds it to at most `cap` entries.
   */
  private narrowest(
    filter: Document,
    cap = Number.POSITIVE_INFINITY,
    covered?: ReadonlySet<string>,
  ): { index: SecondaryIndex; keys: string[] } | undefined {
    // An index bounded only on fields a sort walk also bounds holds at least the walk's entries.
    const beatsWalk = (paths: string[]) => !covered || paths.some((path) => !covered.has(path));
    if (filter._id !== undefined) {
      const bounds = boundsFor(filter, '_id');
      if (bounds && beatsWalk(['_id'])) {
        const keys = this.idOrder.scan(bounds, [], cap);
        return keys && { index: this.idOrder, keys };
      }
    }
    let best: { index: SecondaryIndex; keys: string[] } | undefined;
    for (const index of this.indexes.values()) {
      if (index.collation) continue;
      const partial = index.spec.partialFilterExpression;
      if (partial && !impliesPartialFilter(filter, partial)) continue;
      const bounds = indexBounds(index, filter);
      if (!bounds || !beatsWalk(bounds.paths)) continue;
      // A single-field index may be bounded by several conjuncts (the keys of a text search):
      // each holds every match, so the one with the fewest entries is scanned.
      const alternatives =
        index.fields.length === 1 && !index.spec.sparse
          ? conjunctBounds(filter, bounds.paths[0]!)
          : [bounds.next];
      for (const next of alternatives) {
        // An index only wins with fewer entries than the best so far: stop scanning past that.
        const limit = best ? best.keys.length - 1 : cap;
        const keys = index.scan(next, bounds.prefix, limit);
        if (keys && (!best || keys.length < best.keys.length)) best = { index, keys };
      }
    }
    return best;
  }

  private fetch(index: SecondaryIndex, keys: string[]): Document[] {
    const docs = uniqueKeys(keys)
      .map((key) => this.docs.get(key))
      .filter((doc): doc is Document => doc !== undefined);
    this.lastScan = { plan: 'IXSCAN', index: index.name, examined: docs.length };
    return docs;
  }
}

/** Whether documents missing the field (which a sparse index may leave out) can match. */
function boundsAdmitNull(bounds: KeyBounds | undefined): boolean {
  if (!bounds) return false;
  if (bounds.equals) return bounds.equals.some((v) => v === null || v === undefined);
  return [bounds.lower, bounds.upper].some((b) => b && (b.value === null || b.value === undefined));
}

/**
 * How far the filter bounds an index: single equalities on leading fields form a prefix, the next
 * field's equality / $in / range narrows it; `paths` are the fields so bounded. Undefined if the
 * first field is unbounded (or a sparse index may lack matches).
 */
function indexBounds(
  index: SecondaryIndex,
  filter: Document,
): { prefix: unknown[]; next?: KeyBounds; paths: string[] } | undefined {
  const prefix: unknown[] = [];
  const paths: string[] = [];
  for (const [position, field] of index.fields.entries()) {
    const path = field.join('.');
    const bounds = boundsFor(filter, path);
    if (position === 0 && !bounds) return undefined;
    if (index.spec.sparse && boundsAdmitNull(bounds)) return undefined;
    if (bounds) paths.push(path);
    const single = bounds?.equals?.length === 1 && position < index.fields.length - 1;
    if (single) {
      prefix.push(bounds.equals![0]);
      continue;
    }
    return { prefix, next: bounds, paths };
  }
  return { prefix, paths };
}

function orderedPlanOf(
  index: SecondaryIndex,
  filter: Document,
  sort: SortFields,
): OrderedPlan | undefined {
  const paths = index.fields.map((path) => path.join('.'));
  const prefixValues: unknown[][] = [];
  for (let k = 0; k + 1 <= paths.length; k++) {
    // Sort fields the prefix fixes to one value sort nothing; the rest must follow the index.
    const fixed = new Set(paths.slice(0, k).filter((_, i) => prefixValues[i]!.length === 1));
    const rest = sort.filter(({ path }) => !fixed.has(path));
    if (
      rest.length > 0 &&
      k + rest.length <= paths.length &&
      rest.every(
        ({ path, direction }, i) => path === paths[k + i] && direction === rest[0]!.direction,
      )
    ) {
      if (index.spec.sparse && !prefixValues.some((values) => !boundsAdmitNull({ equals: values })))
        return undefined;
      const prefixes = prefixValues.reduce<unknown[][]>(
        (combinations, values) =>
          combinations.flatMap((combination) => values.map((v) => [...combination, v])),
        [[]],
      );
      if (prefixes.length > MAX_MERGED_PREFIXES) return undefined;
      const next = boundsFor(filter, paths[k]!);
      // Equalities on paths[k] widen to a range: the walk does not apply them exactly.
      const covered = new Set(next && !next.equals ? paths.slice(0, k + 1) : paths.slice(0, k));
      return {
        index,
        prefixes,
        covered,
        bounds: next && asRange(next),
        reverse: rest[0]!.direction < 0,
      };
    }
    const bounds = boundsFor(filter, paths[k]!);
    if (!bounds?.equals || bounds.equals.length === 0) return undefined;
    prefixValues.push(distinctValues(bounds.equals));
  }
  return undefined;
}

function distinctValues(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compareValues(o, v) === 0)) out.push(v);
  return out;
}

/** Merges index walks that each yield entries in order, comparing keys from position `at`. */
function* mergeOrdered(
  streams: Iterator<IndexEntry>[],
  at: number,
  reverse: boolean,
): Generator<IndexEntry> {
  const heads = streams.map((stream) => stream.next());
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (head.done) continue;
      if (pick < 0) {
        pick = i;
        continue;
      }
      const c = compareFrom(head.value.key, heads[pick]!.value!.key, at);
      if (reverse ? c > 0 : c < 0) pick = i;
    }
    if (pick < 0) return;
    yield heads[pick]!.value as IndexEntry;
    heads[pick] = streams[pick]!.next();
  }
}

function compareFrom(a: unknown[], b: unknown[], at: number): number {
  for (let i = at; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function uniqueKeys(keys: string[]): string[] {
  return keys.length < 2 ? keys : [...new Set(keys)];
}
