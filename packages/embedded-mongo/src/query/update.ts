import { ObjectId, type Document } from 'bson';
import { updateOne } from 'mingo/updater';
import { cloneDeep } from 'mingo/util';
import { CommandError } from '../errors.js';
import { valuesEqual } from './bson-order.js';
import { mingoOptions } from './engine.js';

/** An update as the update / findAndModify commands carry it. */
export type UpdateSpec = Document | Document[];

export function isOperatorUpdate(update: UpdateSpec): boolean {
  if (Array.isArray(update)) return true;
  const keys = Object.keys(update);
  return keys.length > 0 && keys[0]!.startsWith('$');
}

export function cloneDocument<T>(doc: T): T {
  return cloneDeep(doc as never) as T;
}

/**
 * Applies an update to a copy of `doc` and returns the new document (the stored one is never
 * touched). Adds what mingo lacks: replacements, $setOnInsert, and the immutable _id rule.
 */
export function applyUpdate(
  doc: Document,
  update: UpdateSpec,
  options: { filter?: Document; arrayFilters?: Document[]; inserting?: boolean } = {},
): Document {
  if (!isOperatorUpdate(update)) {
    const replacement = update as Document;
    for (const key of Object.keys(replacement)) {
      if (key.startsWith('$'))
        throw new CommandError(
          52,
          `The dollar ($) prefixed field '${key}' is not valid`,
          'DollarPrefixedFieldName',
        );
    }
    if ('_id' in replacement && doc._id !== undefined && !valuesEqual(replacement._id, doc._id)) {
      throw immutableId();
    }
    return { _id: doc._id, ...cloneDocument(replacement) };
  }
  const next = cloneDocument(doc);
  let modifier: Document | Document[] = update;
  if (!Array.isArray(update)) {
    const { $setOnInsert, ...rest } = update;
    modifier = rest;
    if (options.inserting && $setOnInsert) {
      modifier = { ...rest, $set: { ...(rest.$set as Document), ...($setOnInsert as Document) } };
    }
    for (const [operator, fields] of Object.entries(modifier)) {
      if (!operator.startsWith('$')) {
        throw new CommandError(
          9,
          `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
          'FailedToParse',
        );
      }
      if (fields === null || typeof fields !== 'object') {
        throw new CommandError(
          9,
          `Modifiers operate on fields but we found type ${typeof fields} instead`,
          'FailedToParse',
        );
      }
    }
    if (Object.keys(modifier).length === 0) return next;
  }
  if (!Array.isArray(modifier) && applySimpleOperators(next, modifier)) return next;
  return applyOperatorsWithMingo(doc, next, modifier, options);
}

const SIMPLE_OPERATORS = new Set(['$set', '$unset', '$inc']);

/**
 * The common updates ($set, $unset and $inc of plain numbers, on top-level fields other than _id)
 * applied to `next` directly: mingo builds its operator tables afresh for every update, which cost
 * more than the update itself (a relay marking a round published, a counter's $inc). Returns false,
 * with `next` untouched, for anything else, which mingo applies with its full semantics.
 */
function applySimpleOperators(next: Document, modifier: Document): boolean {
  const fields = new Set<string>();
  for (const [operator, spec] of Object.entries(modifier)) {
    if (!SIMPLE_OPERATORS.has(operator)) return false;
    const entries = Object.entries(spec as Document);
    if (entries.length === 0) return false;
    for (const [field, value] of entries) {
      if (field === '_id' || field === '' || field.includes('.') || field.startsWith('$')) {
        return false;
      }
      if (fields.has(field)) return false; // a conflict: mingo and mongod refuse it
      fields.add(field);
      if (operator === '$inc') {
        const current = next[field];
        if (typeof value !== 'number' || (current !== undefined && typeof current !== 'number')) {
          return false;
        }
      }
    }
  }
  for (const [operator, spec] of Object.entries(modifier)) {
    for (const [field, value] of Object.entries(spec as Document)) {
      if (operator === '$set') next[field] = cloneDocument(value);
      else if (operator === '$unset') delete next[field];
      else next[field] = ((next[field] as number | undefined) ?? 0) + (value as number);
    }
  }
  return true;
}

/** Applies an operator update with mingo (`next` is a copy of `doc` it may change). */
export function applyOperatorsWithMingo(
  doc: Document,
  next: Document,
  modifier: Document | Document[],
  options: { filter?: Document; arrayFilters?: Document[] },
): Document {
  const documents = [next];
  try {
    updateOne(
      documents,
      // The document already matches: mingo needs the filter only to resolve a positional `$`,
      // and compiling it is a mingo Query (operator tables copied) per update.
      usesPositional(modifier) ? (options.filter ?? {}) : {},
      modifier as never,
      { arrayFilters: options.arrayFilters, cloneMode: 'deep' },
      mingoOptions(),
    );
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(2, (error as Error).message, 'BadValue');
  }
  const result = documents[0]!;
  if (doc._id !== undefined && !valuesEqual(result._id, doc._id)) throw immutableId();
  return result;
}

/** Whether an operator update names a path through the positional `$` (`a.$.b`). */
function usesPositional(modifier: Document | Document[]): boolean {
  if (Array.isArray(modifier)) return false;
  return Object.values(modifier).some(
    (fields) =>
      fields !== null &&
      typeof fields === 'object' &&
      Object.keys(fields as Document).some((path) => path.split('.').includes('$')),
  );
}

function immutableId(): CommandError {
  return new CommandError(
    66,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
    'ImmutableField',
  );
}

/** The document an upsert starts from: the filter's equality conditions. */
export function seedFromFilter(filter: Document): Document {
  const seed: Document = {};
  collectEqualities(filter, seed);
  return seed;
}

function collectEqualities(filter: Document, seed: Document): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) collectEqualities(clause as Document, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isPlainObject(value)) {
      const operators = Object.keys(value);
      if (operators.length > 0 && operators[0]!.startsWith('$')) {
        if ('$eq' in value) setPath(seed, key, cloneDocument(value.$eq));
        continue;
      }
    }
    if (value instanceof RegExp) continue;
    setPath(seed, key, cloneDocument(value));
  }
}

function isPlainObject(value: unknown): value is Document {
  return (
    value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
  );
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {};
    current = current[part] as Document;
  }
  current[parts[parts.length - 1]!] = value;
}

/** Builds the document an upsert inserts. */
export function buildUpsert(
  filter: Document,
  update: UpdateSpec,
  arrayFilters?: Document[],
): Document {
  let doc: Document;
  if (isOperatorUpdate(update)) {
    doc = applyUpdate(seedFromFilter(filter), update, { arrayFilters, inserting: true });
  } else {
    const seed = seedFromFilter(filter);
    doc = {
      ...(seed._id !== undefined ? { _id: seed._id } : {}),
      ...cloneDocument(update as Document),
    };
  }
  if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
  else if (Object.keys(doc)[0] !== '_id') {
    const { _id, ...rest } = doc;
    doc = { _id, ...rest };
  }
  return doc;
}
