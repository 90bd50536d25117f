import type { Document } from 'bson';
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
  return undefined;
}

function boundsOfCondition(condition: unknown): KeyBounds | undefined {
  if (condition instanceof RegExp || Array.isArray(condition)) return undefined;
  if (!isOperatorObject(condition)) return { equals: [condition] };
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
