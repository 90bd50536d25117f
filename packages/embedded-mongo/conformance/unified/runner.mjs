// Runs unified-format test files (mongodb/specifications, source/unified-test-format) with the
// Node driver against one server: entities, initial data, operations, expected results, errors,
// command events and outcomes, as that specification describes them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import mongodb from 'mongodb';

// The driver is CommonJS: its BSON classes and errors come through the default export.
const { BSON, MongoClient, MongoServerError, ReadConcern, WriteConcern } = mongodb;
const { EJSON } = BSON;
import { isDocument, match, matchExactly, MatchError, show } from './match.mjs';
import {
  bulkResult,
  readPreference,
  runEntityOperation,
  transactionOptions,
  UnsupportedOperation,
} from './operations.mjs';
import { requirementsMet } from './requirements.mjs';

/** Schema versions this runner understands (the CRUD and transactions files use ≤ 1.21). */
const SUPPORTED_SCHEMA = [1, 21];
const TEST_TIMEOUT_MS = 30_000;
/** Commands never recorded, as the format requires (fail points, authentication). */
const IGNORED_COMMANDS = new Set([
  'configureFailPoint',
  'authenticate',
  'saslStart',
  'saslContinue',
  'getnonce',
  'createUser',
  'updateUser',
  'copydbgetnonce',
  'copydbsaslstart',
  'copydb',
  'hello',
  'isMaster',
  'ismaster',
]);
/** Operations whose result is an iterable of documents, each of them a root-level document. */
const ITERABLE_RESULTS = new Set([
  'aggregate',
  'find',
  'listCollections',
  'listIndexes',
  'listDatabases',
  'runCursorCommand',
]);

/**
 * Tests that fail with the Node driver whatever the server: the driver does not send what they
 * assert. Reported apart ("driver"), with where the driver decides it.
 */
const DRIVER_DEVIATIONS = [
  {
    file: 'bypassDocumentValidation.json',
    description:
      /^(Aggregate with \$out|BulkWrite|FindOneAndReplace|FindOneAndUpdate|InsertMany) passes bypassDocumentValidation: false$/,
    reason:
      'the Node driver sends bypassDocumentValidation only when true (mongodb/lib/operations/aggregate.js, find_and_modify.js, bulk/common.js)',
  },
  {
    file: 'create-null-ids.json',
    description: /via (insertOne|insertMany|bulkWrite)$/,
    reason:
      'the Node driver replaces a null _id by a new ObjectId before sending (mongodb/lib/utils.js maybeAddIdToDocuments: `_id == null`)',
  },
];

function driverDeviation(fileName, description) {
  return DRIVER_DEVIATIONS.find((d) => d.file === fileName && d.description.test(description));
}

/** Reads a test file (JSON, extended JSON relaxed) with the file name it came from. */
export function loadTestFile(path) {
  const file = EJSON.parse(readFileSync(path, 'utf8'), { relaxed: true });
  return { ...file, fileName: basename(path) };
}

function schemaSupported(version) {
  const [major, minor] = String(version).split('.').map(Number);
  return major === SUPPORTED_SCHEMA[0] && (minor ?? 0) <= SUPPORTED_SCHEMA[1];
}

class Entities {
  #map = new Map();
  set(id, kind, value) {
    if (this.#map.has(id)) throw new Error(`entity ${id} defined twice`);
    this.#map.set(id, { kind, value });
  }
  get(id) {
    return this.#map.get(id)?.value;
  }
  entry(id) {
    const entry = this.#map.get(id);
    if (!entry) throw new Error(`no entity ${id}`);
    return entry;
  }
  values() {
    return [...this.#map.values()];
  }
}

/** What one server is, for runOnRequirements. */
export async function describeServer(client) {
  const admin = client.db('admin');
  const build = await admin.command({ buildInfo: 1 });
  const hello = await admin.command({ hello: 1 });
  const topology = hello.msg === 'isdbgrid' ? 'sharded' : hello.setName ? 'replicaset' : 'single';
  return { version: build.version, topology };
}

/**
 * Runs every test of a file. Returns one record per test: { file, description, status:
 * 'pass' | 'fail' | 'skip' | 'driver', reason }.
 */
export async function runTestFile(file, { uri, internal, server, filter, runDeviations = false }) {
  const results = [];
  const record = (description, status, reason) =>
    results.push({ file: file.fileName, description, status, reason });
  if (!requirementsMet(file.runOnRequirements, server)) {
    for (const test of file.tests) record(test.description, 'skip', 'file runOnRequirements');
    return results;
  }
  for (const test of file.tests) {
    if (filter && !filter.test(`${file.fileName} ${test.description}`)) continue;
    if (test.skipReason) {
      record(test.description, 'skip', test.skipReason);
      continue;
    }
    if (!requirementsMet(test.runOnRequirements, server)) {
      record(test.description, 'skip', 'runOnRequirements');
      continue;
    }
    const deviation = driverDeviation(file.fileName, test.description);
    if (deviation && !runDeviations) {
      record(test.description, 'driver', deviation.reason);
      continue;
    }
    if (!schemaSupported(file.schemaVersion)) {
      record(test.description, 'fail', `schema version ${file.schemaVersion} not supported`);
      continue;
    }
    let timer;
    try {
      await Promise.race([
        runTest(file, test, { uri, internal }),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)),
            TEST_TIMEOUT_MS,
          );
        }),
      ]);
      record(test.description, 'pass');
    } catch (error) {
      record(test.description, 'fail', describeError(error));
      await terminateTransactions(internal);
    } finally {
      clearTimeout(timer);
    }
    // As the format requires: a test that started a transaction leaves none open behind it.
    if (/"(startTransaction|withTransaction)"/.test(JSON.stringify(test.operations)))
      await terminateTransactions(internal);
  }
  return results;
}

function describeError(error) {
  if (error instanceof MatchError || error instanceof UnsupportedOperation) return error.message;
  const code = error?.code !== undefined ? ` (code ${error.code})` : '';
  return `${error?.constructor?.name ?? 'Error'}${code}: ${error?.message ?? String(error)}`;
}

async function terminateTransactions(internal) {
  try {
    await internal.db('admin').command({ killAllSessions: [] });
  } catch {
    // Servers without killAllSessions, or with nothing to kill.
  }
}

async function loadInitialData(internal, initialData) {
  const majority = { writeConcern: { w: 'majority' } };
  for (const data of initialData ?? []) {
    const db = internal.db(data.databaseName);
    for (const name of [
      data.collectionName,
      `enxcol_.${data.collectionName}.esc`,
      `enxcol_.${data.collectionName}.ecoc`,
    ]) {
      try {
        await db.command({ drop: name, ...majority });
      } catch (error) {
        if (error?.code !== 26) throw error;
      }
    }
    if (data.createOptions || data.documents.length === 0) {
      await db.command({ create: data.collectionName, ...(data.createOptions ?? {}), ...majority });
    }
    if (data.documents.length > 0) {
      await db.collection(data.collectionName).insertMany(data.documents, majority);
    }
  }
}

async function createEntities(specs, entities, context) {
  for (const spec of specs ?? []) {
    const [kind] = Object.keys(spec);
    const options = spec[kind];
    switch (kind) {
      case 'client': {
        const url = new URL(context.uri);
        for (const [name, value] of Object.entries(options.uriOptions ?? {}))
          url.searchParams.set(name, String(value));
        const client = new MongoClient(url.toString(), {
          monitorCommands: true,
          serverSelectionTimeoutMS: 10_000,
          ...(options.serverApi ? { serverApi: options.serverApi } : {}),
        });
        const events = [];
        const observed = new Set(options.observeEvents ?? []);
        const ignored = new Set(options.ignoreCommandMonitoringEvents ?? []);
        const listen = (driverEvent, name) =>
          client.on(driverEvent, (event) => {
            if (!context.recording || !observed.has(name)) return;
            if (IGNORED_COMMANDS.has(event.commandName) || ignored.has(event.commandName)) return;
            events.push({ name, event });
          });
        listen('commandStarted', 'commandStartedEvent');
        listen('commandSucceeded', 'commandSucceededEvent');
        listen('commandFailed', 'commandFailedEvent');
        await client.connect();
        context.clients.push(client);
        entities.set(options.id, 'client', client);
        context.events.set(options.id, events);
        break;
      }
      case 'database': {
        const client = entities.entry(options.client).value;
        entities.set(
          options.id,
          'database',
          client.db(options.databaseName, collectionOptions(options.databaseOptions)),
        );
        break;
      }
      case 'collection': {
        const db = entities.entry(options.database).value;
        entities.set(
          options.id,
          'collection',
          db.collection(options.collectionName, collectionOptions(options.collectionOptions)),
        );
        break;
      }
      case 'session': {
        const client = entities.entry(options.client).value;
        const sessionOptions = { ...(options.sessionOptions ?? {}) };
        if (sessionOptions.defaultTransactionOptions)
          sessionOptions.defaultTransactionOptions = transactionOptions(
            sessionOptions.defaultTransactionOptions,
          );
        const session = client.startSession(sessionOptions);
        context.sessions.push(session);
        entities.set(options.id, 'session', session);
        break;
      }
      default:
        throw new UnsupportedOperation(`entity type ${kind} is not supported by this runner`);
    }
  }
}

function collectionOptions(spec) {
  if (!spec) return undefined;
  const options = {};
  if (spec.readConcern) options.readConcern = new ReadConcern(spec.readConcern.level);
  if (spec.writeConcern)
    options.writeConcern = WriteConcern.fromOptions({ writeConcern: spec.writeConcern });
  if (spec.readPreference) options.readPreference = readPreference(spec.readPreference);
  return options;
}

async function runTest(file, test, { uri, internal }) {
  await loadInitialData(internal, file.initialData);
  const entities = new Entities();
  const context = {
    uri,
    internal,
    clients: [],
    sessions: [],
    events: new Map(),
    failPoints: [],
    recording: false,
  };
  try {
    await createEntities(file.createEntities, entities, context);
    context.recording = true;
    for (const operation of test.operations) await executeOperation(operation, entities, context);
    context.recording = false;
    for (const expected of test.expectEvents ?? []) checkEvents(expected, context.events, entities);
    for (const expected of test.outcome ?? []) await checkOutcome(expected, internal);
  } finally {
    context.recording = false;
    for (const failPoint of context.failPoints) {
      await failPoint.client
        .db('admin')
        .command({ configureFailPoint: failPoint.name, mode: 'off' })
        .catch(() => {});
    }
    for (const session of context.sessions) await session.endSession().catch(() => {});
    for (const client of context.clients) await client.close().catch(() => {});
  }
}

async function executeOperation(operation, entities, context) {
  let result;
  let error;
  try {
    result = await perform(operation, entities, context);
  } catch (caught) {
    if (caught instanceof MatchError || caught instanceof UnsupportedOperation) throw caught;
    error = caught;
  }
  if (operation.ignoreResultAndError) return;
  if (operation.expectError) {
    if (!error) throw new MatchError(`${operation.name}: expected an error, got ${show(result)}`);
    checkError(operation.expectError, error, operation.name, entities);
    return;
  }
  if (error) throw error;
  if (operation.expectResult !== undefined) {
    matchResult(operation.expectResult, result, operation.name, entities);
  }
  if (operation.saveResultAsEntity) entities.set(operation.saveResultAsEntity, 'result', result);
}

function matchResult(expected, actual, name, entities) {
  const path = `${name} result`;
  if (Array.isArray(expected) && ITERABLE_RESULTS.has(name)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      throw new MatchError(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    expected.forEach((value, i) =>
      match(value, actual[i], { root: true, entities, path: `${path}[${i}]` }),
    );
    return;
  }
  match(expected, actual, { root: !Array.isArray(expected), entities, path });
}

async function perform(operation, entities, context) {
  const args = operation.arguments ?? {};
  if (operation.object === 'testRunner') return special(operation.name, args, entities, context);
  const { kind, value } = entities.entry(operation.object);
  if (kind === 'session' && operation.name === 'withTransaction') {
    const { callback, ...options } = args;
    return value.withTransaction(async () => {
      for (const inner of callback) await executeOperation(inner, entities, context);
    }, transactionOptions(options));
  }
  if (kind === 'cursor') return cursorOperation(operation.name, value);
  if (kind === 'client' && operation.name === 'clientBulkWrite')
    return clientBulkWrite(value, args, entities);
  return runEntityOperation(kind, value, operation.name, args, entities);
}

/** MongoClient.bulkWrite (8.0's bulkWrite command) from the format's models. */
async function clientBulkWrite(client, args, entities) {
  const { models, session, ...options } = args;
  const driverModels = models.map((model) => {
    const [name] = Object.keys(model);
    return { name, ...model[name] };
  });
  const result = await client.bulkWrite(driverModels, {
    ...options,
    ...(session ? { session: entities.get(session) } : {}),
  });
  return {
    insertedCount: result.insertedCount,
    upsertedCount: result.upsertedCount,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    deletedCount: result.deletedCount,
    ...(result.insertResults ? { insertResults: Object.fromEntries(result.insertResults) } : {}),
    ...(result.updateResults ? { updateResults: Object.fromEntries(result.updateResults) } : {}),
    ...(result.deleteResults ? { deleteResults: Object.fromEntries(result.deleteResults) } : {}),
  };
}

async function cursorOperation(name, cursor) {
  if (name === 'iterateUntilDocumentOrError') return cursor.next();
  if (name === 'close') return cursor.close();
  throw new UnsupportedOperation(`cursor.${name} is not supported by this runner`);
}

const TRANSACTION_STATES = {
  NO_TRANSACTION: 'none',
  STARTING_TRANSACTION: 'starting',
  TRANSACTION_IN_PROGRESS: 'in_progress',
  TRANSACTION_COMMITTED: 'committed',
  TRANSACTION_COMMITTED_EMPTY: 'committed',
  TRANSACTION_ABORTED: 'aborted',
};

async function special(name, args, entities, context) {
  switch (name) {
    case 'failPoint':
    case 'targetedFailPoint': {
      const client =
        name === 'failPoint'
          ? entities.entry(args.client).value
          : entities.entry(args.session).value.client;
      await client.db('admin').command(args.failPoint);
      context.failPoints.push({
        client: context.internal,
        name: args.failPoint.configureFailPoint,
      });
      return undefined;
    }
    case 'assertSessionTransactionState': {
      const session = entities.entry(args.session).value;
      const state = TRANSACTION_STATES[session.transaction.state] ?? session.transaction.state;
      if (state !== args.state)
        throw new MatchError(`session transaction state ${state}, expected ${args.state}`);
      return undefined;
    }
    case 'assertSessionPinned':
    case 'assertSessionUnpinned':
      return undefined; // only mongos pins sessions
    case 'assertSessionDirty':
    case 'assertSessionNotDirty': {
      const dirty = Boolean(entities.entry(args.session).value.serverSession?.isDirty);
      if (dirty !== (name === 'assertSessionDirty'))
        throw new MatchError(`session dirty = ${dirty}`);
      return undefined;
    }
    case 'assertCollectionExists':
    case 'assertCollectionNotExists': {
      const names = (
        await context.internal
          .db(args.databaseName)
          .listCollections({}, { nameOnly: true })
          .toArray()
      ).map((c) => c.name);
      const exists = names.includes(args.collectionName);
      if (exists !== (name === 'assertCollectionExists'))
        throw new MatchError(
          `collection ${args.databaseName}.${args.collectionName} exists = ${exists}`,
        );
      return undefined;
    }
    case 'assertIndexExists':
    case 'assertIndexNotExists': {
      let names = [];
      try {
        names = (
          await context.internal
            .db(args.databaseName)
            .collection(args.collectionName)
            .listIndexes()
            .toArray()
        ).map((i) => i.name);
      } catch (error) {
        if (error?.code !== 26) throw error;
      }
      const exists = names.includes(args.indexName);
      if (exists !== (name === 'assertIndexExists'))
        throw new MatchError(
          `index ${args.indexName} on ${args.databaseName}.${args.collectionName} exists = ${exists}`,
        );
      return undefined;
    }
    case 'assertSameLsidOnLastTwoCommands':
    case 'assertDifferentLsidOnLastTwoCommands': {
      const started = (context.events.get(args.client) ?? []).filter(
        (e) => e.name === 'commandStartedEvent',
      );
      const [a, b] = started.slice(-2).map((e) => EJSON.stringify(e.event.command.lsid));
      if ((a === b) !== (name === 'assertSameLsidOnLastTwoCommands'))
        throw new MatchError(`${name} failed`);
      return undefined;
    }
    case 'createEntities':
      return createEntities(args.entities, entities, context);
    default:
      throw new UnsupportedOperation(`testRunner.${name} is not supported by this runner`);
  }
}

function errorCodes(error) {
  const codes = [error.code, error.errorResponse?.code];
  for (const writeError of error.writeErrors ?? []) codes.push(writeError.code);
  if (error.writeConcernError) codes.push(error.writeConcernError.code);
  return codes.filter((code) => code !== undefined);
}

function errorText(error) {
  const parts = [error.message, error.errmsg, error.errorResponse?.errmsg];
  for (const writeError of error.writeErrors ?? []) parts.push(writeError.errmsg);
  if (error.writeConcernError) parts.push(error.writeConcernError.errmsg);
  return parts.filter(Boolean).join(' | ');
}

function checkError(expected, error, name, entities) {
  const fail = (message) => {
    throw new MatchError(`${name} error: ${message} (got ${describeError(error)})`);
  };
  const fromServer = error instanceof MongoServerError;
  if (expected.isClientError !== undefined && expected.isClientError === fromServer)
    fail(expected.isClientError ? 'expected a client error' : 'expected a server error');
  if (expected.isTimeoutError) fail('timeout errors are not checked by this runner');
  if (
    expected.errorContains &&
    !errorText(error).toLowerCase().includes(expected.errorContains.toLowerCase())
  )
    fail(`expected message containing "${expected.errorContains}"`);
  if (expected.errorCode !== undefined && !errorCodes(error).includes(expected.errorCode))
    fail(`expected code ${expected.errorCode}`);
  if (expected.errorCodeName !== undefined) {
    const names = [
      error.codeName,
      error.errorResponse?.codeName,
      ...(error.writeErrors ?? []).map((w) => w.codeName ?? w.err?.codeName),
    ];
    if (!names.some((n) => n?.toLowerCase() === expected.errorCodeName.toLowerCase()))
      fail(`expected codeName ${expected.errorCodeName}`);
  }
  for (const label of expected.errorLabelsContain ?? [])
    if (!error.hasErrorLabel?.(label)) fail(`expected label ${label}`);
  for (const label of expected.errorLabelsOmit ?? [])
    if (error.hasErrorLabel?.(label)) fail(`unexpected label ${label}`);
  if (expected.errorResponse) {
    if (!error.errorResponse) fail('expected a server response');
    match(expected.errorResponse, error.errorResponse, {
      root: true,
      entities,
      path: `${name} errorResponse`,
    });
  }
  if (expected.expectResult !== undefined) {
    match(expected.expectResult, bulkResult(error.result), {
      root: true,
      entities,
      path: `${name} error result`,
    });
  }
  if (expected.writeErrors || expected.writeConcernErrors)
    throw new UnsupportedOperation(
      'writeErrors / writeConcernErrors assertions (clientBulkWrite) are not supported',
    );
}

function checkEvents(expected, observed, entities) {
  if (expected.eventType && expected.eventType !== 'command')
    throw new UnsupportedOperation(`${expected.eventType} events are not supported by this runner`);
  const actual = observed.get(expected.client) ?? [];
  const where = `events of ${expected.client}`;
  if (
    actual.length < expected.events.length ||
    (!expected.ignoreExtraEvents && actual.length !== expected.events.length)
  ) {
    throw new MatchError(
      `${where}: expected ${expected.events.length} events, got ${actual.length}: ` +
        actual.map((e) => `${e.name}(${e.event.commandName})`).join(', '),
    );
  }
  expected.events.forEach((event, i) => {
    const [name] = Object.keys(event);
    const assertion = event[name];
    const { name: actualName, event: actualEvent } = actual[i];
    const path = `${where}[${i}]`;
    if (name !== actualName)
      throw new MatchError(
        `${path}: expected ${name}, got ${actualName}(${actualEvent.commandName})`,
      );
    if (assertion.commandName && assertion.commandName !== actualEvent.commandName)
      throw new MatchError(
        `${path}: expected command ${assertion.commandName}, got ${actualEvent.commandName}`,
      );
    if (assertion.databaseName && assertion.databaseName !== actualEvent.databaseName)
      throw new MatchError(
        `${path}: expected database ${assertion.databaseName}, got ${actualEvent.databaseName}`,
      );
    if (assertion.command)
      match(assertion.command, actualEvent.command, {
        root: true,
        entities,
        path: `${path}.command`,
      });
    if (assertion.reply)
      match(assertion.reply, actualEvent.reply, { root: true, entities, path: `${path}.reply` });
  });
}

async function checkOutcome(expected, internal) {
  const documents = await internal
    .db(expected.databaseName)
    .collection(expected.collectionName, { readConcern: { level: 'local' } })
    .find({}, { sort: { _id: 1 } })
    .toArray();
  const path = `outcome ${expected.databaseName}.${expected.collectionName}`;
  if (documents.length !== expected.documents.length)
    throw new MatchError(`${path}: expected ${show(expected.documents)}, got ${show(documents)}`);
  expected.documents.forEach((doc, i) => {
    if (!isDocument(doc)) throw new MatchError(`${path}: bad expected document`);
    matchExactly(doc, documents[i], `${path}[${i}]`);
  });
}
