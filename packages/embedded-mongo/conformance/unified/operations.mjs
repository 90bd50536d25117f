// The entity operations of the unified test format that the CRUD and transactions suites use, each
// mapped onto the Node driver, with results converted to the documents the format compares.
import mongodb from 'mongodb';

// The driver is CommonJS: its BSON classes and errors come through the default export.
const { ReadConcern, ReadPreference, WriteConcern } = mongodb;

export class UnsupportedOperation extends Error {}

/** Driver options from a test's arguments: session resolved, spec spellings mapped. */
function driverOptions(args, entities) {
  const options = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'session') options.session = entities.get(value);
    else if (key === 'returnDocument') options.returnDocument = String(value).toLowerCase();
    else if (key === 'readConcern') options.readConcern = new ReadConcern(value.level);
    else if (key === 'writeConcern')
      options.writeConcern = WriteConcern.fromOptions({ writeConcern: value });
    else if (key === 'readPreference') options.readPreference = readPreference(value);
    else options[key] = value;
  }
  return options;
}

export function readPreference(spec) {
  return new ReadPreference(spec.mode, spec.tagSets, {
    maxStalenessSeconds: spec.maxStalenessSeconds,
    hedge: spec.hedge,
  });
}

function split(args, ...names) {
  const picked = names.map((name) => args[name]);
  const rest = { ...args };
  for (const name of names) delete rest[name];
  return [...picked, rest];
}

/** BulkWriteResult (or a bulk error's partial result) as the CRUD spec's BulkWriteResult. */
export function bulkResult(result) {
  if (!result) return undefined;
  return {
    deletedCount: result.deletedCount,
    insertedCount: result.insertedCount,
    insertedIds: { ...result.insertedIds },
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    upsertedCount: result.upsertedCount,
    upsertedIds: { ...result.upsertedIds },
  };
}

function updateResult(result) {
  const out = {
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    upsertedCount: result.upsertedCount,
  };
  if (result.upsertedId !== null && result.upsertedId !== undefined)
    out.upsertedId = result.upsertedId;
  return out;
}

/** The model objects bulkWrite takes, from the format's request documents. */
function bulkModels(requests) {
  return requests.map((request) => {
    const [name] = Object.keys(request);
    return { [name]: { ...request[name] } };
  });
}

const COLLECTION_OPERATIONS = {
  async aggregate(collection, args, entities) {
    const [pipeline, rest] = split(args, 'pipeline');
    return collection.aggregate(pipeline, driverOptions(rest, entities)).toArray();
  },
  async bulkWrite(collection, args, entities) {
    const [requests, rest] = split(args, 'requests');
    return bulkResult(
      await collection.bulkWrite(bulkModels(requests), driverOptions(rest, entities)),
    );
  },
  async count(collection, args, entities) {
    // The deprecated count helper is gone from the driver: the command it sent.
    // Like the helper, it sends only the count command's own options (rawData is for 8.2+).
    const [filter, rest] = split(args, 'filter');
    const { session, ...options } = driverOptions(rest, entities);
    const command = { count: collection.collectionName, query: filter ?? {} };
    for (const name of ['skip', 'limit', 'collation', 'hint', 'comment', 'maxTimeMS'])
      if (options[name] !== undefined) command[name] = options[name];
    const reply = await collection.s.db.command(command, { session });
    return reply.n;
  },
  async countDocuments(collection, args, entities) {
    const [filter, rest] = split(args, 'filter');
    return collection.countDocuments(filter, driverOptions(rest, entities));
  },
  async createIndex(collection, args, entities) {
    const [keys, rest] = split(args, 'keys');
    return collection.createIndex(keys, driverOptions(rest, entities));
  },
  async listIndexes(collection, args, entities) {
    return collection.listIndexes(driverOptions(args, entities)).toArray();
  },
  async dropIndex(collection, args, entities) {
    const [name, rest] = split(args, 'name');
    return collection.dropIndex(name, driverOptions(rest, entities));
  },
  async deleteMany(collection, args, entities) {
    const [filter, rest] = split(args, 'filter');
    const result = await collection.deleteMany(filter, driverOptions(rest, entities));
    return { deletedCount: result.deletedCount };
  },
  async deleteOne(collection, args, entities) {
    const [filter, rest] = split(args, 'filter');
    const result = await collection.deleteOne(filter, driverOptions(rest, entities));
    return { deletedCount: result.deletedCount };
  },
  async distinct(collection, args, entities) {
    const [fieldName, filter, rest] = split(args, 'fieldName', 'filter');
    return collection.distinct(fieldName, filter ?? {}, driverOptions(rest, entities));
  },
  async estimatedDocumentCount(collection, args, entities) {
    return collection.estimatedDocumentCount(driverOptions(args, entities));
  },
  async find(collection, args, entities) {
    const [filter, rest] = split(args, 'filter');
    return collection.find(filter, driverOptions(rest, entities)).toArray();
  },
  async findOne(collection, args, entities) {
    const [filter, rest] = split(args, 'filter');
    return collection.findOne(filter, driverOptions(rest, entities));
  },
  async findOneAndDelete(collection, args, entities) {
    const [filter, rest] = split(args, 'filter');
    return collection.findOneAndDelete(filter, driverOptions(rest, entities));
  },
  async findOneAndReplace(collection, args, entities) {
    const [filter, replacement, rest] = split(args, 'filter', 'replacement');
    return collection.findOneAndReplace(filter, replacement, driverOptions(rest, entities));
  },
  async findOneAndUpdate(collection, args, entities) {
    const [filter, update, rest] = split(args, 'filter', 'update');
    return collection.findOneAndUpdate(filter, update, driverOptions(rest, entities));
  },
  async insertMany(collection, args, entities) {
    const [documents, rest] = split(args, 'documents');
    const result = await collection.insertMany(documents, driverOptions(rest, entities));
    return { insertedIds: { ...result.insertedIds } };
  },
  async insertOne(collection, args, entities) {
    const [document, rest] = split(args, 'document');
    const result = await collection.insertOne(document, driverOptions(rest, entities));
    return { insertedId: result.insertedId };
  },
  async replaceOne(collection, args, entities) {
    const [filter, replacement, rest] = split(args, 'filter', 'replacement');
    return updateResult(
      await collection.replaceOne(filter, replacement, driverOptions(rest, entities)),
    );
  },
  async updateMany(collection, args, entities) {
    const [filter, update, rest] = split(args, 'filter', 'update');
    return updateResult(await collection.updateMany(filter, update, driverOptions(rest, entities)));
  },
  async updateOne(collection, args, entities) {
    const [filter, update, rest] = split(args, 'filter', 'update');
    return updateResult(await collection.updateOne(filter, update, driverOptions(rest, entities)));
  },
  async createFindCursor(collection, args, entities) {
    const [filter, rest] = split(args, 'filter');
    return collection.find(filter, driverOptions(rest, entities));
  },
};

const DATABASE_OPERATIONS = {
  async aggregate(db, args, entities) {
    const [pipeline, rest] = split(args, 'pipeline');
    return db.aggregate(pipeline, driverOptions(rest, entities)).toArray();
  },
  async createCollection(db, args, entities) {
    const [name, rest] = split(args, 'collection');
    await db.createCollection(name, driverOptions(rest, entities));
    return undefined;
  },
  async dropCollection(db, args, entities) {
    const [name, rest] = split(args, 'collection');
    await db.dropCollection(name, driverOptions(rest, entities));
    return undefined;
  },
  async listCollections(db, args, entities) {
    const [filter, rest] = split(args, 'filter');
    return db.listCollections(filter ?? {}, driverOptions(rest, entities)).toArray();
  },
  async listCollectionNames(db, args, entities) {
    const [filter, rest] = split(args, 'filter');
    const collections = await db
      .listCollections(filter ?? {}, { ...driverOptions(rest, entities), nameOnly: true })
      .toArray();
    return collections.map((c) => c.name);
  },
  async modifyCollection(db, args, entities) {
    const [name, rest] = split(args, 'collection');
    const { session, ...options } = driverOptions(rest, entities);
    return db.command({ collMod: name, ...options }, { session });
  },
  async runCommand(db, args, entities) {
    const [command, _name, rest] = split(args, 'command', 'commandName');
    return db.command(command, driverOptions(rest, entities));
  },
};

const SESSION_OPERATIONS = {
  startTransaction(session, args) {
    session.startTransaction(transactionOptions(args.options ?? args));
  },
  async commitTransaction(session) {
    await session.commitTransaction();
  },
  async abortTransaction(session) {
    await session.abortTransaction();
  },
  async endSession(session) {
    await session.endSession();
  },
};

function transactionOptions(spec) {
  const options = {};
  if (spec.readConcern) options.readConcern = new ReadConcern(spec.readConcern.level);
  if (spec.writeConcern)
    options.writeConcern = WriteConcern.fromOptions({ writeConcern: spec.writeConcern });
  if (spec.readPreference) options.readPreference = readPreference(spec.readPreference);
  if (spec.maxCommitTimeMS !== undefined) options.maxCommitTimeMS = spec.maxCommitTimeMS;
  return options;
}

export { transactionOptions };

/** Runs one entity operation; `kind` is what the entity map says the object is. */
export async function runEntityOperation(kind, object, name, args, entities) {
  const table =
    kind === 'collection'
      ? COLLECTION_OPERATIONS
      : kind === 'database'
        ? DATABASE_OPERATIONS
        : kind === 'session'
          ? SESSION_OPERATIONS
          : undefined;
  const operation = table?.[name];
  if (!operation) throw new UnsupportedOperation(`${kind}.${name} is not supported by this runner`);
  return operation(object, args ?? {}, entities);
}
