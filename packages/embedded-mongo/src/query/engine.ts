import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { Context, ProcessingMode } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import { compareValues, sortKey } from './bson-order.js';
import type { Collation } from './collation.js';
import { BSON_QUERY_OPERATORS } from './operators.js';
import { compileSimpleFilter } from './simple-filter.js';

/** mingo's operators with ours layered on top where MongoDB's BSON semantics differ. */
const CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: { ...queryOperators, ...BSON_QUERY_OPERATORS },
  window: windowOperators,
} as never);

/**
 * Resolves the collection names $lookup and friends refer to; with a filter, only the matching
 * documents (found by the collection's indexes).
 */
export type CollectionResolver = (name: string, filter?: Document) => Document[];

/**
 * What a command adds to how its filters, sorts and pipelines evaluate: a collation for string
 * comparison and the variables of its `let`.
 */
export interface QueryOptions {
  collation?: Collation;
  variables?: Document;
}

export function mingoOptions(
  resolver?: CollectionResolver,
  processingMode = ProcessingMode.CLONE_OFF,
  query?: QueryOptions,
) {
  return {
    context: CONTEXT,
    idKey: '_id',
    useStrictMode: true,
    processingMode,
    collectionResolver: resolver,
    ...(query?.collation ? { collation: query.collation.spec as never } : {}),
    ...(query?.variables ? { variables: query.variables } : {}),
  };
}

export type DocumentPredicate = (doc: Document) => boolean;

export function compileFilter(
  filter: Document | undefined,
  query?: QueryOptions,
): DocumentPredicate {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  // The fast path compares strings binarily: a collation goes to mingo and our operators.
  const simple = query?.collation ? undefined : compileSimpleFilter(filter);
  if (simple) return simple;
  const compiled = new Query(filter, mingoOptions(undefined, undefined, query));
  return (doc) => compiled.test(doc);
}

export function sortDocuments(
  docs: Document[],
  sort: Document | undefined,
  collation?: Collation,
): Document[] {
  const fields = Object.entries(sort ?? {});
  if (fields.length === 0) return docs;
  const strings = collation?.compare;
  const keys = fields.map(([path, dir]) => [path.split('.'), Number(dir) < 0 ? -1 : 1] as const);
  const decorated = docs.map((doc) => ({
    doc,
    values: keys.map(([path, dir]) => sortKey(readPath(doc, path), dir, strings)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareValues(a.values[i], b.values[i], strings);
      if (c !== 0) return c * keys[i]![1];
    }
    return 0;
  });
  return decorated.map((d) => d.doc);
}

/** sort → skip → limit, as find, count and findAndModify share them. */
export function selectDocuments(
  docs: Document[],
  options: { sort?: Document; skip?: number; limit?: number; collation?: Collation },
): Document[] {
  let result = sortDocuments(docs, options.sort, options.collation);
  if (options.skip) result = result.slice(options.skip);
  if (options.limit) result = result.slice(0, Math.abs(options.limit));
  return result;
}

/** A sort document's fields and directions; undefined unless every direction is a number. */
export function sortFieldsOf(
  sort: Document | undefined,
): { path: string; direction: 1 | -1 }[] | undefined {
  if (!sort) return undefined;
  const fields: { path: string; direction: 1 | -1 }[] = [];
  for (const [path, direction] of Object.entries(sort)) {
    if (typeof direction !== 'number') return undefined;
    fields.push({ path, direction: direction < 0 ? -1 : 1 });
  }
  return fields;
}

/** A dotted path's value; through arrays it collects each element's value. */
export function readPath(doc: unknown, path: readonly string[], from = 0): unknown {
  let current = doc;
  for (let i = from; i < path.length; i++) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) {
      const key = path[i]!;
      if (/^\d+$/.test(key)) {
        current = current[Number(key)];
        continue;
      }
      const values = current
        .map((item) => readPath(item, path, i))
        .filter((v) => v !== undefined)
        .flat();
      return values.length > 0 ? values : undefined;
    }
    if (typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[path[i]!];
  }
  return current;
}

/** Match-all queries reused for projections (building a Query copies mingo's operator tables). */
let projector: Query | undefined;
let cloningProjector: Query | undefined;

/**
 * mingo removes an excluded nested field (`{'a.b': 0}`) from the object it is given, which here is
 * the stored document; such projections run on copies. Inclusions and top-level exclusions build
 * new documents and need none.
 */
function mutatesInput(projection: Document): boolean {
  return Object.entries(projection).some(
    ([path, value]) =>
      (typeof value === 'object' && value !== null) ||
      (path.includes('.') && (value === 0 || value === false)),
  );
}

export function project(docs: Document[], projection: Document | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const included = topLevelInclusion(projection);
  if (included) return docs.map((doc) => pick(doc, included.fields, included.id));
  if (mutatesInput(projection)) {
    cloningProjector ??= new Query({}, mingoOptions(undefined, ProcessingMode.CLONE_INPUT));
    return (cloningProjector.find(docs, projection).all() as Document[]).map(idFirst);
  }
  projector ??= new Query({}, mingoOptions());
  return (projector.find(docs, projection).all() as Document[]).map(idFirst);
}

/**
 * The fields of a projection that only includes top-level fields (`{a: 1, b: true}`, `_id` kept
 * or dropped), the commonest kind; such a projection is a copy of those fields, no mingo query.
 */
function topLevelInclusion(projection: Document): { fields: Set<string>; id: boolean } | undefined {
  const fields = new Set<string>();
  let id = true;
  for (const [path, value] of Object.entries(projection)) {
    if (path === '_id') {
      if (value === 0 || value === false) id = false;
      else if (value !== 1 && value !== true) return undefined;
      continue;
    }
    if (value !== 1 && value !== true) return undefined;
    if (path.includes('.') || path.startsWith('$')) return undefined;
    fields.add(path);
  }
  return fields.size > 0 ? { fields, id } : undefined;
}

/** `_id` first (when kept), then the included fields in the document's own order, as mongod. */
function pick(doc: Document, fields: Set<string>, id: boolean): Document {
  const out: Document = {};
  if (id && '_id' in doc) out._id = doc._id;
  for (const key in doc) if (key !== '_id' && fields.has(key)) out[key] = doc[key];
  return out;
}

/** A projection's output starts with `_id`, as mongod's does (mingo appends it last). */
function idFirst(doc: Document): Document {
  if (doc === null || typeof doc !== 'object' || !('_id' in doc)) return doc;
  for (const key in doc) {
    if (key === '_id') return doc;
    break;
  }
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

interface EqualityLookup {
  from: string;
  localField: string;
  foreignField: string;
  as: string;
}

/** `$lookup` in its equality form, into a top-level field (mingo runs the other forms). */
function isEqualityLookup(spec: unknown): spec is EqualityLookup {
  if (!spec || typeof spec !== 'object') return false;
  const { from, localField, foreignField, as, ...rest } = spec as Document;
  return (
    Object.keys(rest).length === 0 &&
    [from, localField, foreignField, as].every((v) => typeof v === 'string') &&
    !(as as string).includes('.')
  );
}

/**
 * The equality `$lookup` as mongod runs it: per input document, the foreign documents whose
 * `foreignField` equals its `localField` (any element of either when arrays; a missing local
 * field matches a missing or null foreign one), found through the foreign collection's index
 * instead of a scan of it.
 */
function lookupByEquality(
  docs: Document[],
  spec: EqualityLookup,
  resolver: CollectionResolver,
): Document[] {
  return docs.map((doc) => {
    const values = valuesAt(doc, spec.localField.split('.'));
    // $in would read a regular expression as a pattern; the lookup compares it as a value
    const matches = values.some(isRegularExpression)
      ? resolver(spec.from).filter((foreign) =>
          valuesAt(foreign, spec.foreignField.split('.')).some((f) =>
            values.some((v) => compareValues(v, f) === 0),
          ),
        )
      : resolver(spec.from, { [spec.foreignField]: { $in: values } });
    return { ...doc, [spec.as]: matches };
  });
}

const isRegularExpression = (value: unknown): boolean =>
  value instanceof RegExp ||
  (typeof value === 'object' && value !== null && (value as Document)._bsontype === 'BSONRegExp');

/** The values at a dotted path, through arrays; [null] when there is none. */
function valuesAt(doc: unknown, path: string[]): unknown[] {
  let current: unknown[] = [doc];
  for (const part of path) {
    current = current.flatMap((value) => {
      if (Array.isArray(value)) {
        return value.flatMap((element) =>
          element && typeof element === 'object' && !Array.isArray(element) && part in element
            ? [(element as Document)[part]]
            : [],
        );
      }
      return value && typeof value === 'object' && part in value ? [(value as Document)[part]] : [];
    });
  }
  const found = current.flatMap((value) => (Array.isArray(value) ? value : [value]));
  return found.length > 0 ? found : [null];
}

export function aggregate(
  docs: Document[],
  pipeline: Document[],
  resolver: CollectionResolver,
  query?: QueryOptions,
): Document[] {
  // $sort stages run here, in BSON order (mingo orders Long and Decimal128 as strings); mingo
  // runs the segments between them. Inputs are cloned: stored documents must never be modified.
  let current = docs;
  let segment: Document[] = [];
  const runSegment = () => {
    if (segment.length === 0) return;
    const aggregator = new Aggregator(
      segment,
      mingoOptions(resolver, ProcessingMode.CLONE_INPUT, query),
    );
    current = aggregator.run(current) as Document[];
    segment = [];
  };
  for (const stage of pipeline) {
    const sort =
      Object.keys(stage).length === 1 ? (stage.$sort as Document | undefined) : undefined;
    if (sort && Object.values(sort).every((direction) => typeof direction === 'number')) {
      runSegment();
      current = sortDocuments([...current], sort, query?.collation);
    } else if ('$project' in stage) {
      segment.push(stage);
      runSegment();
      current = current.map(idFirst);
    } else if (isEqualityLookup(stage.$lookup) && Object.keys(stage).length === 1) {
      runSegment();
      current = lookupByEquality(current, stage.$lookup, resolver);
    } else {
      segment.push(stage);
    }
  }
  runSegment();
  return current;
}
