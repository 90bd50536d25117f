import type { Document } from 'bson';
import { compareValues, typeRank, valuesEqual } from './bson-order.js';

/**
 * A compiler for the filters services send most (field equality, comparisons, $in/$nin, $ne,
 * $exists, combined by implicit or explicit $and, and $or). mingo compiles every other filter; building a
 * mingo Query costs tens of microseconds, which dominated indexed lookups.
 */
type Test = (doc: Document) => boolean;

const SIMPLE_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
]);

function isPlainObject(value: unknown): value is Document {
  return (
    value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
  );
}

/** The value at a dotted path, collecting through arrays of subdocuments. */
function valueAt(doc: unknown, path: string[]): unknown {
  let current = doc;
  for (let i = 0; i < path.length; i++) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) {
      const key = path[i]!;
      if (/^\d+$/.test(key)) {
        current = current[Number(key)];
        continue;
      }
      const rest = path.slice(i);
      const values = current.map((item) => valueAt(item, rest)).filter((v) => v !== undefined);
      return values.length > 0 ? values.flat() : undefined;
    }
    if (typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[path[i]!];
  }
  return current;
}

function anyCandidate(value: unknown, test: (candidate: unknown) => boolean): boolean {
  if (test(value)) return true;
  return Array.isArray(value) && value.some(test);
}

function equals(operand: unknown): (v: unknown) => boolean {
  return (value) => valuesEqual(value, operand);
}

function inList(list: unknown[]): (v: unknown) => boolean {
  return (value) =>
    list.some((item) =>
      item instanceof RegExp
        ? typeof value === 'string' && item.test(value)
        : valuesEqual(value, item),
    );
}

function compare(operand: unknown, accept: (c: number) => boolean): (v: unknown) => boolean {
  const rank = typeRank(operand);
  return (value) => typeRank(value) === rank && accept(compareValues(value, operand));
}

function compileCondition(path: string[], condition: unknown): Test | undefined {
  const read = (doc: Document) => valueAt(doc, path);
  if (condition instanceof RegExp) return undefined;
  if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    const test = equals(condition);
    return (doc) => anyCandidate(read(doc), test);
  }
  const tests: Test[] = [];
  for (const [operator, operand] of Object.entries(condition)) {
    if (!SIMPLE_OPERATORS.has(operator)) return undefined;
    if (operand instanceof RegExp && operator !== '$in' && operator !== '$nin') return undefined;
    switch (operator) {
      case '$eq': {
        const test = equals(operand);
        tests.push((doc) => anyCandidate(read(doc), test));
        break;
      }
      case '$ne': {
        const test = equals(operand);
        tests.push((doc) => !anyCandidate(read(doc), test));
        break;
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand)) return undefined;
        const test = inList(operand);
        const positive = operator === '$in';
        tests.push((doc) => anyCandidate(read(doc), test) === positive);
        break;
      }
      case '$exists':
        tests.push((doc) => (read(doc) !== undefined) === Boolean(operand));
        break;
      default: {
        const accept = {
          $gt: (c: number) => c > 0,
          $gte: (c: number) => c >= 0,
          $lt: (c: number) => c < 0,
          $lte: (c: number) => c <= 0,
        }[operator as '$gt']!;
        const test = compare(operand, accept);
        tests.push((doc) => anyCandidate(read(doc), test));
      }
    }
  }
  return tests.length === 1 ? tests[0] : (doc) => tests.every((test) => test(doc));
}

/** A predicate for a simple filter, or undefined when mingo must handle it. */
export function compileSimpleFilter(filter: Document): Test | undefined {
  const tests: Test[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) {
        if (!isPlainObject(clause)) return undefined;
        const test = compileSimpleFilter(clause);
        if (!test) return undefined;
        tests.push(test);
      }
      continue;
    }
    if (key === '$or' && Array.isArray(condition) && condition.length > 0) {
      // keyset paging: {$or: [{t: {$lt: x}}, {t: x, _id: {$lt: y}}]}
      const clauses: Test[] = [];
      for (const clause of condition) {
        if (!isPlainObject(clause)) return undefined;
        const test = compileSimpleFilter(clause);
        if (!test) return undefined;
        clauses.push(test);
      }
      tests.push((doc) => clauses.some((test) => test(doc)));
      continue;
    }
    if (key.startsWith('$')) return undefined;
    const test = compileCondition(key.split('.'), condition);
    if (!test) return undefined;
    tests.push(test);
  }
  return tests.length === 1 ? tests[0] : (doc) => tests.every((test) => test(doc));
}
