import { type Document } from 'bson';
import type { IndexSpec } from '../storage/secondary-index.js';
import { targetCollection, type CommandHandler } from './context.js';
import { badValue, CommandError } from '../errors.js';
import { parseCollation } from '../query/collation.js';
import { notOnView } from '../storage/view.js';
import { notInTransaction } from './transaction-rules.js';

const SUPPORTED_OPTIONS = new Set([
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'collation',
  'v',
  'hidden',
]);

function defaultName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}

/** The index's own collation, else the collection's default; `simple` is left out. */
function normaliseSpec(raw: Document, collectionCollation: Document | undefined): IndexSpec {
  const key = raw.key as Document | undefined;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0)
    throw badValue('index key pattern must be a non-empty object');
  const spec: IndexSpec = {
    v: 2,
    key: { ...key },
    name: typeof raw.name === 'string' ? raw.name : defaultName(key),
  };
  for (const [option, value] of Object.entries(raw)) {
    if (option === 'key' || option === 'name' || option === 'v' || option === 'background')
      continue;
    if (!SUPPORTED_OPTIONS.has(option) || option === 'collation') continue;
    spec[option] = value;
  }
  const collation = parseCollation(raw.collation ?? collectionCollation);
  if (collation) spec.collation = collation.spec;
  return spec;
}

const sameKey = (a: Document, b: Document) => JSON.stringify(a) === JSON.stringify(b);

const createIndexes: CommandHandler = async (command, { db, view }) => {
  const coll = targetCollection(command, 'createIndexes');
  if (!Array.isArray(command.indexes)) throw badValue('indexes must be an array');
  const existing = view.collection(db, coll);
  if (existing?.isView) throw notOnView(existing.ns);
  // In a transaction (6.0): only on a collection the transaction itself creates.
  if (view.txn && existing && !view.txn.created.has(existing.ns))
    throw new CommandError(
      263,
      `Cannot create new indexes on existing collection ${existing.ns} in a multi-document transaction.`,
      'OperationNotSupportedInTransaction',
    );
  const before = existing ? existing.indexes.size + 1 : 1;
  const collection = existing ?? view.createCollection(db, coll, {});
  for (const raw of command.indexes as Document[]) {
    const spec = normaliseSpec(raw, collection.options.collation as Document | undefined);
    if (spec.name === '_id_' || sameKey(spec.key, { _id: 1 })) continue;
    const sameName = collection.indexes.get(spec.name);
    if (sameName) {
      if (!sameKey(sameName.spec.key, spec.key)) {
        throw new CommandError(
          86,
          `An existing index has the same name as the requested index: ${spec.name}`,
          'IndexKeySpecsConflict',
        );
      }
      if (Boolean(sameName.spec.unique) !== Boolean(spec.unique)) {
        throw new CommandError(
          85,
          `An existing index has the same name but different options: ${spec.name}`,
          'IndexOptionsConflict',
        );
      }
      continue;
    }
    const sameKeyIndex = [...collection.indexes.values()].find((index) =>
      sameKey(index.spec.key, spec.key),
    );
    if (sameKeyIndex) {
      throw new CommandError(
        85,
        `Index already exists with a different name: ${sameKeyIndex.name}`,
        'IndexOptionsConflict',
      );
    }
    if (view.txn) collection.addIndex(spec);
    else view.applyNow({ op: 'createIndex', db, coll, spec });
  }
  await view.flush();
  return {
    createdCollectionAutomatically: !existing,
    numIndexesBefore: before,
    numIndexesAfter: collection.indexes.size + 1,
    ok: 1,
  };
};

const listIndexes: CommandHandler = (command, { db, view, cursors }) => {
  const coll = targetCollection(command, 'listIndexes');
  const collection = view.collection(db, coll);
  if (!collection)
    throw new CommandError(26, `ns does not exist: ${db}.${coll}`, 'NamespaceNotFound');
  const ns = `${db}.${coll}`;
  const { id, batch } = cursors.firstBatch(ns, collection.indexSpecs() as Document[]);
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

const dropIndexes: CommandHandler = async (command, { db, view }) => {
  const coll = targetCollection(command, 'dropIndexes');
  notInTransaction('dropIndexes', view);
  const collection = view.collection(db, coll);
  if (!collection) throw new CommandError(26, `ns not found ${db}.${coll}`, 'NamespaceNotFound');
  const was = collection.indexes.size + 1;
  const target = command.index;
  let names: string[];
  if (target === '*') names = [...collection.indexes.keys()];
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target as string[];
  else if (target && typeof target === 'object') {
    const match = [...collection.indexes.values()].find((index) =>
      sameKey(index.spec.key, target as Document),
    );
    if (!match)
      throw new CommandError(
        27,
        `can't find index with key: ${JSON.stringify(target)}`,
        'IndexNotFound',
      );
    names = [match.name];
  } else throw badValue('index must be a name, key pattern or *');
  for (const name of names) {
    if (name === '_id_') throw new CommandError(72, 'cannot drop _id index', 'InvalidOptions');
    if (!collection.indexes.has(name))
      throw new CommandError(27, `index not found with name [${name}]`, 'IndexNotFound');
    view.applyNow({ op: 'dropIndex', db, coll, name });
  }
  await view.flush();
  return { nIndexesWas: was, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
