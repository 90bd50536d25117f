import { Binary, Long, type Document } from 'bson';
import { parseCollation } from '../query/collation.js';
import { compileFilter } from '../query/engine.js';
import { ID_INDEX } from '../storage/collection.js';
import { targetCollection, type CommandHandler } from './context.js';
import { badValue, CommandError } from '../errors.js';
import { notInTransaction } from './transaction-rules.js';

function validCollectionName(name: string): void {
  if (name.includes('$') || name.includes('\0') || name.startsWith('system.')) {
    throw new CommandError(73, `Invalid collection name: ${name}`, 'InvalidNamespace');
  }
}

const create: CommandHandler = async (command, { db, view }) => {
  const coll = targetCollection(command, 'create');
  validCollectionName(coll);
  const {
    create: _name,
    $db: _db,
    lsid: _lsid,
    $clusterTime: _ct,
    writeConcern: _wc,
    ...options
  } = command;
  const kept = stripDriverFields(options);
  checkCollectionOptions(kept);
  if (kept.viewOn !== undefined) {
    if (view.txn) notInTransaction('create a view', view);
    checkView(kept);
  }
  view.createCollection(db, coll, kept);
  await view.flush();
  return { ok: 1 };
};

/** What create and collMod accept is checked when given, as mongod does, not when used. */
function checkCollectionOptions(options: Document): void {
  if (options.collation !== undefined) {
    const collation = parseCollation(options.collation);
    if (collation) options.collation = collation.spec;
    else delete options.collation; // {locale: 'simple'} is the default
  }
  if (options.validator !== undefined) {
    if (options.validator === null || typeof options.validator !== 'object')
      throw new CommandError(14, "'validator' must be an object", 'TypeMismatch');
    try {
      compileFilter(options.validator as Document);
    } catch (error) {
      throw new CommandError(
        2,
        `validator not supported here: ${(error as Error).message}`,
        'BadValue',
      );
    }
  }
  if (
    options.validationLevel !== undefined &&
    !['off', 'strict', 'moderate'].includes(options.validationLevel as string)
  )
    throw badValue(
      `Enumeration value '${String(options.validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  if (
    options.validationAction !== undefined &&
    !['error', 'warn'].includes(options.validationAction as string)
  )
    throw badValue(
      `Enumeration value '${String(options.validationAction)}' for field 'validationAction' is not a valid value.`,
    );
}

function checkView(options: Document): void {
  if (typeof options.viewOn !== 'string' || options.viewOn.length === 0)
    throw new CommandError(14, "'viewOn' must be a non-empty string", 'TypeMismatch');
  if (options.pipeline !== undefined && !Array.isArray(options.pipeline))
    throw new CommandError(14, "'pipeline' must be an array", 'TypeMismatch');
  options.pipeline ??= [];
  for (const stage of options.pipeline as Document[]) {
    const name = Object.keys(stage ?? {})[0];
    if (name === '$out' || name === '$merge')
      throw new CommandError(
        ErrorCodes.OptionNotSupportedOnView,
        `${name} cannot be used in a view definition`,
        'OptionNotSupportedOnView',
      );
  }
}

const ErrorCodes = { OptionNotSupportedOnView: 167 } as const;

/**
 * collMod: a collection's validator, validation level and action, a view's definition, or an
 * index's `expireAfterSeconds` / `hidden`.
 */
const collMod: CommandHandler = async (command, { db, view }) => {
  const coll = targetCollection(command, 'collMod');
  notInTransaction('collMod', view);
  const collection = view.collection(db, coll);
  if (!collection)
    throw new CommandError(26, `ns does not exist: ${db}.${coll}`, 'NamespaceNotFound');
  const reply: Document = { ok: 1 };
  const changes: Document = {};
  for (const field of ['validator', 'validationLevel', 'validationAction', 'viewOn', 'pipeline']) {
    if (command[field] !== undefined) changes[field] = command[field];
  }
  if ((changes.viewOn !== undefined || changes.pipeline !== undefined) && !collection.isView)
    throw new CommandError(72, `ns ${collection.ns} is a collection, not a view`, 'InvalidOptions');
  if (Object.keys(changes).length > 0) {
    const options = { ...collection.options, ...changes };
    checkCollectionOptions(options);
    if (collection.isView) checkView(options);
    view.applyNow({ op: 'modifyCollection', db, coll, options });
  }
  const index = command.index as Document | undefined;
  if (index !== undefined) {
    const spec = [...collection.indexes.values()]
      .map((candidate) => candidate.spec)
      .find((candidate) =>
        typeof index.name === 'string'
          ? candidate.name === index.name
          : JSON.stringify(candidate.key) === JSON.stringify(index.keyPattern),
      );
    if (!spec)
      throw new CommandError(
        27,
        `cannot find index ${JSON.stringify(index.name ?? index.keyPattern)} for ns ${collection.ns}`,
        'IndexNotFound',
      );
    const next = { ...spec };
    if (index.expireAfterSeconds !== undefined) {
      const seconds = Number(index.expireAfterSeconds);
      if (spec.expireAfterSeconds === undefined)
        throw new CommandError(72, 'no expireAfterSeconds field to update', 'InvalidOptions');
      if (!Number.isFinite(seconds) || seconds < 0)
        throw badValue('expireAfterSeconds must be a number between 0 and 2147483647');
      reply.expireAfterSeconds_old = spec.expireAfterSeconds;
      reply.expireAfterSeconds_new = seconds;
      next.expireAfterSeconds = seconds;
    }
    if (index.hidden !== undefined) {
      reply.hidden_old = Boolean(spec.hidden);
      reply.hidden_new = Boolean(index.hidden);
      if (index.hidden) next.hidden = true;
      else delete next.hidden;
    }
    view.applyNow({ op: 'modifyIndex', db, coll, spec: next });
  }
  await view.flush();
  return reply;
};

function stripDriverFields(options: Document): Document {
  const kept: Document = {};
  for (const [key, value] of Object.entries(options)) {
    if (
      !key.startsWith('$') &&
      ![
        'txnNumber',
        'autocommit',
        'startTransaction',
        'readConcern',
        'apiVersion',
        'comment',
      ].includes(key)
    ) {
      kept[key] = value;
    }
  }
  return kept;
}

const drop: CommandHandler = async (command, { db, view }) => {
  const coll = targetCollection(command, 'drop');
  notInTransaction('drop', view);
  const existing = view.collection(db, coll);
  if (!existing) throw new CommandError(26, 'ns not found', 'NamespaceNotFound');
  view.applyNow({ op: 'dropCollection', db, coll });
  await view.flush();
  return { nIndexesWas: existing.indexes.size + 1, ns: existing.ns, ok: 1 };
};

const dropDatabase: CommandHandler = async (_command, { db, view }) => {
  notInTransaction('dropDatabase', view);
  view.applyNow({ op: 'dropDatabase', db });
  await view.flush();
  return { dropped: db, ok: 1 };
};

const listCollections: CommandHandler = (command, { db, store, cursors }) => {
  const entries = store.collections(db).map((collection) =>
    collection.isView
      ? {
          name: collection.name,
          type: 'view',
          options: collection.options,
          info: { readOnly: true },
        }
      : {
          name: collection.name,
          type: 'collection',
          options: collection.options,
          info: { readOnly: false, uuid: new Binary(Buffer.alloc(16), Binary.SUBTYPE_UUID) },
          idIndex: ID_INDEX,
        },
  );
  const filter = command.filter as Document | undefined;
  let matching = entries.filter(compileFilter(filter));
  if (command.nameOnly) matching = matching.map(({ name, type }) => ({ name, type }) as never);
  const ns = `${db}.$cmd.listCollections`;
  const { id, batch } = cursors.firstBatch(
    ns,
    matching,
    (command.cursor as Document | undefined)?.batchSize as number,
  );
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

const listDatabases: CommandHandler = (command, { store }) => {
  const databases = [...store.databases.keys()].map((name) => ({
    name,
    sizeOnDisk: 0,
    empty: false,
  }));
  const filtered = databases.filter(compileFilter(command.filter as Document | undefined));
  return {
    databases: command.nameOnly ? filtered.map(({ name }) => ({ name })) : filtered,
    totalSize: 0,
    ok: 1,
  };
};

const collStats: CommandHandler = (command, { db, store }) => {
  const coll = targetCollection(command, 'collStats');
  const collection = store.collection(db, coll);
  return {
    ns: `${db}.${coll}`,
    count: collection?.docs.size ?? 0,
    size: 0,
    nindexes: (collection?.indexes.size ?? 0) + 1,
    ok: 1,
  };
};

const dbStats: CommandHandler = (_command, { db, store }) => ({
  db,
  collections: store.collections(db).length,
  objects: store.collections(db).reduce((sum, c) => sum + c.docs.size, 0),
  dataSize: 0,
  ok: 1,
  totalSize: Long.ZERO,
});

export const collectionCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  collStats,
  dbStats,
  collMod,
};
