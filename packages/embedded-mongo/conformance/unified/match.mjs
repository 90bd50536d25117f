// The unified test format's rules for comparing an expected value with an actual one
// (specifications: source/unified-test-format, "Evaluating Matches"): extra fields are allowed in
// root-level documents only, numbers compare by value whatever their BSON type, and `$$` operators
// assert something other than equality.
import mongodb from 'mongodb';

// The driver is CommonJS: its BSON classes and errors come through the default export.
const { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } = mongodb;

/** A failed assertion, with the path into the compared value where it failed. */
export class MatchError extends Error {}

function fail(path, message) {
  throw new MatchError(`${path || '(root)'}: ${message}`);
}

/**
 * Whether a value is a document: a plain object, or what the driver puts in a command as an
 * object of its own (a Map for `sort`, a ReadConcern), not a BSON scalar, date, regex or bytes.
 */
export function isDocument(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return false;
  return value._bsontype === undefined;
}

/** A document's fields as a plain object (the driver sends `sort` as a Map). */
function fieldsOf(value) {
  return value instanceof Map ? Object.fromEntries(value) : value;
}

function asNumber(value) {
  if (typeof value === 'number') return value;
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** The name `$type` gives a value's BSON type. */
export function bsonTypeOf(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number')
    return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 'int' : 'double';
  if (value instanceof Int32) return 'int';
  if (value instanceof Double) return 'double';
  if (value instanceof Long || typeof value === 'bigint') return 'long';
  if (value instanceof Decimal128) return 'decimal';
  if (value instanceof ObjectId) return 'objectId';
  if (value instanceof Date) return 'date';
  if (value instanceof Binary) return 'binData';
  if (value instanceof Timestamp) return 'timestamp';
  if (value instanceof RegExp || value?._bsontype === 'BSONRegExp') return 'regex';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

function typeMatches(value, expected) {
  const actual = bsonTypeOf(value);
  if (actual === expected) return true;
  // Integral doubles come back as JS numbers: let the number fit an int/long/double expectation.
  if (typeof value === 'number' && ['int', 'long', 'double', 'number'].includes(expected))
    return true;
  return expected === 'number' && ['int', 'long', 'double', 'decimal'].includes(actual);
}

/**
 * Asserts that `actual` matches `expected`. `root` allows extra fields at this level; `entities`
 * resolves `$$matchesEntity` and `$$sessionLsid`.
 */
export function match(expected, actual, { root = true, entities, path = '' } = {}) {
  const context = { entities };
  matchValue(expected, actual, root, path, context);
}

function specialOperator(value) {
  if (!isDocument(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0].startsWith('$$') ? keys[0] : undefined;
}

function matchValue(expected, actual, root, path, context) {
  const operator = specialOperator(expected);
  if (operator) return matchOperator(operator, expected[operator], actual, root, path, context);
  if (isDocument(expected)) {
    if (!isDocument(actual)) fail(path, `expected a document, got ${show(actual)}`);
    actual = fieldsOf(actual);
    for (const [key, value] of Object.entries(expected)) {
      const at = path ? `${path}.${key}` : key;
      const keyOperator = specialOperator(value);
      if (keyOperator === '$$exists') {
        const exists =
          Object.prototype.hasOwnProperty.call(actual, key) && actual[key] !== undefined;
        if (exists !== value.$$exists)
          fail(at, value.$$exists ? 'missing' : `unexpected ${show(actual[key])}`);
        continue;
      }
      if (keyOperator === '$$unsetOrMatches' && actual[key] === undefined) continue;
      if (!(key in actual) || actual[key] === undefined)
        fail(at, `missing (expected ${show(value)})`);
      matchValue(value, actual[key], false, at, context);
    }
    if (!root) {
      const extra = Object.keys(actual).filter(
        (key) => actual[key] !== undefined && !(key in expected),
      );
      if (extra.length > 0) fail(path, `unexpected fields ${extra.join(', ')}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) fail(path, `expected an array, got ${show(actual)}`);
    if (actual.length !== expected.length)
      fail(path, `expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`);
    expected.forEach((value, i) => matchValue(value, actual[i], false, `${path}[${i}]`, context));
    return;
  }
  matchScalar(expected, actual, path);
}

function matchScalar(expected, actual, path) {
  const e = asNumber(expected);
  if (e !== undefined) {
    const a = asNumber(actual);
    if (a === undefined || !(a === e || (Number.isNaN(a) && Number.isNaN(e))))
      fail(path, `expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (!sameScalar(expected, actual)) fail(path, `expected ${show(expected)}, got ${show(actual)}`);
}

function sameScalar(expected, actual) {
  if (expected === actual) return true;
  if (expected === null || actual === null || expected === undefined || actual === undefined)
    return false;
  if (expected instanceof Date)
    return actual instanceof Date && actual.getTime() === expected.getTime();
  if (typeof expected === 'object' && typeof actual === 'object') {
    if (expected.constructor !== actual.constructor && expected._bsontype !== actual._bsontype)
      return false;
    return show(expected) === show(actual);
  }
  return false;
}

function matchOperator(operator, operand, actual, root, path, context) {
  switch (operator) {
    case '$$exists':
      if ((actual !== undefined) !== operand) fail(path, operand ? 'missing' : 'unexpected value');
      return;
    case '$$type': {
      const types = Array.isArray(operand) ? operand : [operand];
      if (actual === undefined || !types.some((type) => typeMatches(actual, type)))
        fail(path, `expected type ${types.join('|')}, got ${bsonTypeOf(actual)} ${show(actual)}`);
      return;
    }
    case '$$unsetOrMatches':
      if (actual === undefined) return;
      return matchValue(operand, actual, root, path, context);
    case '$$matchesEntity': {
      const entity = context.entities?.get(operand);
      if (entity === undefined) fail(path, `no entity ${operand}`);
      return matchValue(entity, actual, root, path, context);
    }
    case '$$sessionLsid': {
      const session = context.entities?.get(operand);
      if (!session?.id) fail(path, `no session entity ${operand}`);
      return matchValue(session.id, actual, false, path, context);
    }
    case '$$lte': {
      const a = asNumber(actual);
      if (a === undefined || a > asNumber(operand))
        fail(path, `expected ≤ ${show(operand)}, got ${show(actual)}`);
      return;
    }
    case '$$matchAsDocument':
      return matchValue(operand, JSON.parse(actual), false, path, context);
    case '$$matchAsRoot':
      return matchValue(operand, actual, true, path, context);
    case '$$matchesHexBytes': {
      const hex = Buffer.isBuffer(actual)
        ? actual.toString('hex')
        : actual?.buffer
          ? Buffer.from(actual.buffer).toString('hex')
          : String(actual);
      if (hex.toLowerCase() !== String(operand).toLowerCase())
        fail(path, `expected bytes ${operand}`);
      return;
    }
    default:
      fail(path, `unsupported special operator ${operator}`);
  }
}

/** Exact comparison of stored documents (test outcomes): no extra fields anywhere, key order free. */
export function matchExactly(expected, actual, path = '') {
  if (isDocument(expected)) {
    if (!isDocument(actual)) fail(path, `expected a document, got ${show(actual)}`);
    const expectedKeys = Object.keys(expected);
    const actualKeys = Object.keys(actual).filter((key) => actual[key] !== undefined);
    const missing = expectedKeys.filter((key) => !(key in actual));
    const extra = actualKeys.filter((key) => !(key in expected));
    if (missing.length > 0) fail(path, `missing fields ${missing.join(', ')} in ${show(actual)}`);
    if (extra.length > 0) fail(path, `unexpected fields ${extra.join(', ')} in ${show(actual)}`);
    for (const key of expectedKeys)
      matchExactly(expected[key], actual[key], path ? `${path}.${key}` : key);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      fail(path, `expected ${show(expected)}, got ${show(actual)}`);
    expected.forEach((value, i) => matchExactly(value, actual[i], `${path}[${i}]`));
    return;
  }
  matchScalar(expected, actual, path);
}

export function show(value) {
  try {
    return (
      JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
    );
  } catch {
    return String(value);
  }
}
