import type { Document } from 'bson';
import { compareValues, typeRank } from '../query/bson-order.js';
import { compileFilter, type DocumentPredicate } from '../query/engine.js';
import type { KeyBounds } from './secondary-index.js';

function isOperatorObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys[0]!.startsWith('$');
}

/**
 * The bounds a filter puts on one field, or undefined when it does not constrain it in a way an
 * index can answer. Bounds may be wider than the filter: the filter is re-applied to candidates.
 */
export function boundsFor(filter: Document, path: string): KeyBounds | undefined {
  const condition = filter[path];
  if (condition !== undefined) {
    const bounds = boundsOfCondition(condition);
    if (bounds) return bounds;
  }
  if (Array.isArray(filter.$and)) {
    for (const clause of filter.$and as Document[]) {
      const bounds = boundsFor(clause, path);
      if (bounds) return bounds;
    }
  }
  if (Array.isArray(filter.$or) && filter.$or.length > 0) {
    // Every match satisfies some clause: the union of the clauses' bounds holds them all.
    let union: KeyBounds | undefined;
    for (const clause of filter.$or as Document[]) {
      const bounds = boundsFor(clause, path);
      union = bounds && (union ? unionOf(union, bounds) : bounds);
      if (!union) return undefined;
    }
    return union;
  }
  return undefined;
}

/**
 * Each bounds one of the filter's conjuncts puts on a field (an `$and` clause, each plain value
 * of `$all`, the field's own condition, an `$or`'s union): every match lies within each of them,
 * so the planner may scan whichever holds the fewest entries.
 */
export function conjunctBounds(filter: Document, path: string): KeyBounds[] {
  const found: KeyBounds[] = [];
  const condition = filter[path];
  if (condition !== undefined) {
    if (isOperatorObject(condition) && Array.isArray(condition.$all)) {
      for (const value of condition.$all as unknown[]) {
        const plain =
          !(value instanceof RegExp) && !Array.isArray(value) && !isOperatorObject(value);
        if (plain) found.push({ equals: [value] });
      }
    }
    const bounds = boundsOfCondition(condition);
    if (bounds) found.push(bounds);
  }
  if (Array.isArray(filter.$and)) {
    for (const clause of filter.$and as Document[]) found.push(...conjunctBounds(clause, path));
  }
  if (Array.isArray(filter.$or)) {
    const union = boundsFor({ $or: filter.$or }, path);
    if (union) found.push(union);
  }
  return found;
}

/**
 * Bounds covering both: equalities concatenate; otherwise the widest range, when every value lies
 * in one BSON type bracket (a one-sided range means "to the end of that bracket").
 */
function unionOf(a: KeyBounds, b: KeyBounds): KeyBounds | undefined {
  if (a.equals && b.equals) return { equals: [...a.equals, ...b.equals] };
  const x = asRange(a);
  const y = asRange(b);
  if (!x || !y) return undefined;
  const values = [x.lower, x.upper, y.lower, y.upper].filter((v) => v !== undefined);
  if (new Set(values.map((v) => typeRank(v.value))).size !== 1) return undefined;
  const union: KeyBounds = {};
  if (x.lower && y.lower) union.lower = wider(x.lower, y.lower, -1);
  if (x.upper && y.upper) union.upper = wider(x.upper, y.upper, 1);
  return union.lower || union.upper ? union : undefined;
}

type Bound = NonNullable<KeyBounds['lower']>;

function wider(a: Bound, b: Bound, side: -1 | 1): Bound {
  const c = compareValues(a.value, b.value) * side;
  if (c === 0) return { value: a.value, inclusive: a.inclusive || b.inclusive };
  return c > 0 ? a : b;
}

/**
 * The bounds as one range: equalities become [smallest, largest] when they share a type bracket;
 * undefined when they do not (no range holds them without holding other brackets).
 */
export function asRange(bounds: KeyBounds): KeyBounds | undefined {
  if (!bounds.equals) return bounds;
  if (bounds.equals.length === 0) return undefined;
  if (new Set(bounds.equals.map(typeRank)).size !== 1) return undefined;
  let low = bounds.equals[0];
  let high = low;
  for (const value of bounds.equals) {
    if (compareValues(value, low) < 0) low = value;
    if (compareValues(value, high) > 0) high = value;
  }
  return { lower: { value: low, inclusive: true }, upper: { value: high, inclusive: true } };
}

/**
 * An anchored, case-sensitive regex with a literal prefix (`^abc`, `^abc\\|`) matches only strings
 * in [prefix, prefix with its last character incremented): a range scan, as mongod does.
 */
function prefixBounds(pattern: RegExp | string, flags = ''): KeyBounds | undefined {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const allFlags = typeof pattern === 'string' ? flags : pattern.flags + flags;
  if (!source.startsWith('^') || /[im]/.test(allFlags)) return undefined;
  if (/(^|[^\\])(\\\\)*\|/.test(source)) return undefined; // an alternation escapes the anchor
  let prefix = '';
  for (let i = 1; i < source.length; i++) {
    const char = source[i]!;
    if (char === '\\') {
      const next = source[i + 1];
      if (next === undefined || /[0-9A-Za-z]/.test(next)) break; // \d, \w, back-references…
      prefix += next;
      i++;
    } else if ('.*+?()[]{}|^$'.includes(char)) {
      // A quantifier applies to the previous literal character, which then is not certain.
      if ('*?{'.includes(char)) prefix = prefix.slice(0, -1);
      break;
    } else {
      prefix += char;
    }
  }
  if (prefix.length === 0) return undefined;
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last === 0xffff) return undefined;
  const upper = prefix.slice(0, -1) + String.fromCharCode(last + 1);
  return { lower: { value: prefix, inclusive: true }, upper: { value: upper, inclusive: false } };
}

function boundsOfCondition(condition: unknown): KeyBounds | undefined {
  if (condition instanceof RegExp) return prefixBounds(condition);
  if (Array.isArray(condition)) return undefined;
  if (!isOperatorObject(condition)) return { equals: [condition] };
  if (condition.$regex !== undefined && !('$not' in condition)) {
    const regex = condition.$regex as RegExp | string;
    return prefixBounds(regex, typeof condition.$options === 'string' ? condition.$options : '');
  }
  if (Array.isArray(condition.$all) && condition.$all.length > 0) {
    const first = condition.$all[0] as unknown;
    const plain = !(first instanceof RegExp) && !Array.isArray(first) && !isOperatorObject(first);
    // Every match contains the first value: its entries are a superset of the answer.
    if (plain) return { equals: [first] };
  }
  if ('$eq' in condition && !Array.isArray(condition.$eq) && !(condition.$eq instanceof RegExp)) {
    return { equals: [condition.$eq] };
  }
  if (Array.isArray(condition.$in)) {
    const values = condition.$in as unknown[];
    if (values.every((v) => !(v instanceof RegExp) && !Array.isArray(v))) return { equals: values };
  }
  const bounds: KeyBounds = {};
  if ('$gt' in condition) bounds.lower = { value: condition.$gt, inclusive: false };
  if ('$gte' in condition) bounds.lower = { value: condition.$gte, inclusive: true };
  if ('$lt' in condition) bounds.upper = { value: condition.$lt, inclusive: false };
  if ('$lte' in condition) bounds.upper = { value: condition.$lte, inclusive: true };
  return bounds.lower || bounds.upper ? bounds : undefined;
}

/**
 * Whether every document matching `filter` is in a partial index with this filter expression, so
 * that the index may answer it: each field the expression names is pinned by `filter` to values
 * (equality or $in, none null) that pass the expression's condition on that field. mongod proves
 * more (ranges); this never claims what does not hold, since a partial filter's conditions only
 * ask that some value at the path satisfy them (no negation is allowed in one).
 */
export function impliesPartialFilter(filter: Document, expression: Document): boolean {
  return Object.entries(expression).every(([path, condition]) => {
    if (path.startsWith('$')) return false;
    const pinned = boundsFor(filter, path)?.equals;
    if (!pinned || pinned.length === 0) return false;
    const passes = conditionAt(expression, path, condition);
    return pinned.every(
      (value) =>
        value !== null &&
        value !== undefined &&
        passes(
          path
            .split('.')
            .reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Document,
        ),
    );
  });
}

/** Each expression's conditions compiled once (an index keeps its expression object). */
const compiledConditions = new WeakMap<Document, Map<string, DocumentPredicate>>();

function conditionAt(expression: Document, path: string, condition: unknown): DocumentPredicate {
  let conditions = compiledConditions.get(expression);
  if (!conditions) compiledConditions.set(expression, (conditions = new Map()));
  let passes = conditions.get(path);
  if (!passes) conditions.set(path, (passes = compileFilter({ [path]: condition })));
  return passes;
}
