import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { resolve } from 'mingo/util';
import { $in as mingoIn, $nin as mingoNin } from 'mingo/operators/query';
import { compareValues, typeRank, valuesEqual, type StringOrder } from './bson-order.js';
import { parseCollation } from './collation.js';

/**
 * Query operators that replace mingo's where MongoDB's semantics differ for BSON values: comparisons
 * follow the canonical BSON order (numeric across int/long/double/decimal, only within one type
 * bracket) and $type knows every BSON alias, objectId included.
 */
type Predicate = (fieldValue: unknown, operand: unknown, strings?: StringOrder) => boolean;
type QueryOperator = (
  selector: string,
  operand: unknown,
  options: unknown,
) => (doc: Record<string, unknown>) => boolean;

/** Every value a path denotes: the field itself and, for arrays, each element. */
function candidates(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [value];
  const out: unknown[] = [value];
  for (const item of value) {
    out.push(item);
    if (Array.isArray(item)) out.push(...item);
  }
  return out;
}

/** The string order of the collation a query runs with (mingo passes its options on). */
function stringOrder(options: unknown): StringOrder | undefined {
  const spec = (options as { collation?: { locale?: unknown } } | undefined)?.collation;
  return typeof spec?.locale === 'string' ? parseCollation(spec)?.compare : undefined;
}

function fieldOperator(predicate: Predicate): QueryOperator {
  return (selector, operand, options) => {
    const strings = stringOrder(options);
    return (doc) => {
      const value = resolve(doc as never, selector, { unwrapArray: true });
      return candidates(value).some((candidate) => predicate(candidate, operand, strings));
    };
  };
}

const sameBracket = (a: unknown, b: unknown) => typeRank(a) === typeRank(b);

function eq(value: unknown, operand: unknown, strings?: StringOrder): boolean {
  if (operand instanceof RegExp && typeof value === 'string') return operand.test(value);
  return valuesEqual(value, operand, strings);
}

/** $in under a collation (mingo's own when there is none): equal to any listed value. */
function inList(selector: string, operand: unknown, options: unknown, negate: boolean) {
  const strings = stringOrder(options);
  if (!strings) return (negate ? mingoNin : mingoIn)(selector, operand as never, options as never);
  if (!Array.isArray(operand)) throw new Error(`${negate ? '$nin' : '$in'} needs an array`);
  return (doc: Record<string, unknown>) => {
    const value = resolve(doc as never, selector, { unwrapArray: true });
    const found = candidates(value).some((candidate) =>
      operand.some((item) => eq(candidate, item, strings)),
    );
    return found !== negate;
  };
}

const TYPE_TESTS: Record<string, (v: unknown) => boolean> = {
  double: (v) => (typeof v === 'number' && !Number.isInteger(v)) || v instanceof Double,
  string: (v) => typeof v === 'string',
  object: (v) => typeRank(v) === 5,
  array: (v) => Array.isArray(v),
  binData: (v) => v instanceof Binary || ArrayBuffer.isView(v),
  undefined: (v) => v === undefined,
  objectId: (v) => v instanceof ObjectId,
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp,
  int: (v) =>
    (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31) || v instanceof Int32,
  timestamp: (v) => v instanceof Timestamp,
  long: (v) =>
    (v instanceof Long && !(v instanceof Timestamp)) ||
    (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 2 ** 31),
  decimal: (v) => v instanceof Decimal128,
  minKey: (v) => v instanceof MinKey,
  maxKey: (v) => v instanceof MaxKey,
  number: (v) => typeRank(v) === 3,
};
const TYPE_CODES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

function hasType(value: unknown, alias: unknown): boolean {
  const name = typeof alias === 'number' ? TYPE_CODES[alias] : String(alias);
  const test = name ? TYPE_TESTS[name] : undefined;
  return test ? test(value) : false;
}

const $type: QueryOperator = (selector, operand) => (doc) => {
  const value = resolve(doc as never, selector, { unwrapArray: true });
  const aliases = Array.isArray(operand) ? operand : [operand];
  const values = Array.isArray(value) ? [value, ...value] : [value];
  if (value === undefined) return false;
  return values.some((v) => aliases.some((alias) => hasType(v, alias)));
};

export const BSON_QUERY_OPERATORS: Record<string, QueryOperator> = {
  $eq: fieldOperator(eq),
  $ne: (selector, operand, options) => {
    const matches = fieldOperator(eq)(selector, operand, options);
    return (doc) => !matches(doc);
  },
  $gt: fieldOperator((v, o, s) => sameBracket(v, o) && compareValues(v, o, s) > 0),
  $gte: fieldOperator((v, o, s) => sameBracket(v, o) && compareValues(v, o, s) >= 0),
  $lt: fieldOperator((v, o, s) => sameBracket(v, o) && compareValues(v, o, s) < 0),
  $lte: fieldOperator((v, o, s) => sameBracket(v, o) && compareValues(v, o, s) <= 0),
  $in: (selector, operand, options) => inList(selector, operand, options, false),
  $nin: (selector, operand, options) => inList(selector, operand, options, true),
  $type,
};
