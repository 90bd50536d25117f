import { Binary, Long, type Document } from 'bson';
import { compileFilter } from '../query/engine.js';
import { ID_INDEX } from '../storage/collection.js';
import { targetCollection, type CommandHandler } from './context.js';
import { CommandError } from '../errors.js';

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
  view.applyNow({ op: 'createCollection', db, coll, options: stripDriverFields(options) });
  await view.flush();
  return { ok: 1 };
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
  const existing = view.collection(db, coll);
  if (!existing) throw new CommandError(26, 'ns not found', 'NamespaceNotFound');
  view.applyNow({ op: 'dropCollection', db, coll });
  await view.flush();
  return { nIndexesWas: existing.indexes.size + 1, ns: existing.ns, ok: 1 };
};

const dropDatabase: CommandHandler = async (_command, { db, view }) => {
  view.applyNow({ op: 'dropDatabase', db });
  await view.flush();
  return { dropped: db, ok: 1 };
};

const listCollections: CommandHandler = (command, { db, store, cursors }) => {
  const entries = store.collections(db).map((collection) => ({
    name: collection.name,
    type: 'collection',
    options: collection.options,
    info: { readOnly: false, uuid: new Binary(Buffer.alloc(16), Binary.SUBTYPE_UUID) },
    idIndex: ID_INDEX,
  }));
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
};
