import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';

/**
 * MongoDB's canonical ordering of BSON values (the one sort and indexes use), including numeric
 * comparison across int, long, double and Decimal128, which mingo compares as strings.
 */
export function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(value)) return 6;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  // Before Long: bson's Timestamp is a subclass of Long, but ranks after Date, not with numbers.
  if (value instanceof Timestamp) return 11;
  if (value instanceof Long || value instanceof Decimal128) return 3;
  if (value instanceof Int32 || value instanceof Double) return 3;
  if (value instanceof ObjectId) return 8;
  if (value instanceof Binary || ArrayBuffer.isView(value)) return 7;
  if (value instanceof MinKey) return 1;
  if (value instanceof MaxKey) return 13;
  return 5;
}

export function isNumeric(value: unknown): boolean {
  return typeRank(value) === 3;
}

/** A JS number (or bigint for longs beyond 2^53) for any BSON numeric. */
export function toNumber(value: unknown): number | bigint {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (value instanceof Long) {
    // Within ±2^53 (high word within ±2^21) the halves give the number exactly, without a bigint.
    const { high } = value;
    if (high >= 0 ? high < 0x200000 : !value.unsigned && high >= -0x200000)
      return high * 0x1_0000_0000 + (value.low >>> 0);
    const big = value.toBigInt();
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : big;
  }
  if (value instanceof Decimal128) return Number(value.toString());
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  return Number.NaN;
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && Number.isNaN(a))
    return typeof b === 'number' && Number.isNaN(b) ? 0 : -1;
  if (typeof b === 'number' && Number.isNaN(b)) return 1;
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  // Mixed number/bigint: compare as bigint when the number is integral, else as numbers.
  const x = typeof a === 'number' && Number.isInteger(a) ? BigInt(a) : a;
  const y = typeof b === 'number' && Number.isInteger(b) ? BigInt(b) : b;
  if (typeof x === typeof y) return x < y ? -1 : x > y ? 1 : 0;
  return Number(x) < Number(y) ? -1 : Number(x) > Number(y) ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

/** How strings compare: binary by default, or a collation's comparison. */
export type StringOrder = (a: string, b: string) => number;

export function compareValues(a: unknown, b: unknown, strings?: StringOrder): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  switch (rankA) {
    case 2:
    case 1:
    case 13:
      return 0;
    case 3:
      return compareNumbers(toNumber(a), toNumber(b));
    case 4:
      if (a === b) return 0;
      if (strings && typeof a === 'string' && typeof b === 'string')
        return Math.sign(strings(a, b));
      return (a as string) < (b as string) ? -1 : 1;
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>, strings);
    case 6:
      return compareArrays(a as unknown[], b as unknown[], strings);
    case 7: {
      const x = a instanceof Binary ? a.buffer : (a as Uint8Array);
      const y = b instanceof Binary ? b.buffer : (b as Uint8Array);
      return compareBytes(x, y);
    }
    case 8:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return a === b ? 0 : a ? 1 : -1;
    case 10:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    default:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }
}

function compareArrays(a: unknown[], b: unknown[], strings?: StringOrder): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i], strings);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

function compareObjects(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  strings?: StringOrder,
): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const byType = compareValues(a[ka[i]!], b[kb[i]!], strings);
    if (typeRank(a[ka[i]!]) !== typeRank(b[kb[i]!])) return byType;
    if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    if (byType !== 0) return byType;
  }
  return Math.sign(ka.length - kb.length);
}

/** Equality under the canonical order (1 equals 1.0 equals Long(1)). */
export function valuesEqual(a: unknown, b: unknown, strings?: StringOrder): boolean {
  return compareValues(a, b, strings) === 0;
}

/**
 * The sort key of a possibly-array field: ascending sorts use the smallest element, descending the
 * largest, as MongoDB does.
 */
export function sortKey(value: unknown, direction: 1 | -1, strings?: StringOrder): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return undefined;
  let best = value[0];
  for (const item of value) {
    const c = compareValues(item, best, strings);
    if (direction === 1 ? c < 0 : c > 0) best = item;
  }
  return best;
}
