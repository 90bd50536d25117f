import { ObjectId, Timestamp, type Document } from 'bson';
import { valuesEqual } from '../query/bson-order.js';
import { applyUpdate, buildUpsert, type UpdateSpec } from '../query/update.js';
import type { DataView } from '../storage/view.js';
import { targetCollection, type CommandContext, type CommandHandler } from './context.js';
import { badValue, CommandError } from '../errors.js';

/** Gives a document an _id (first, as mongod does) and refuses top-level $-fields. */
export function prepareInsert(doc: Document): Document {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw badValue('document must be an object');
  for (const key of Object.keys(doc)) {
    if (key.startsWith('$')) {
      throw new CommandError(2, `Document can't have $ prefixed field names: ${key}`, 'BadValue');
    }
  }
  if (Array.isArray(doc._id)) throw badValue("can't use an array for _id");
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  return doc;
}

function statements(command: Document, field: string): Document[] {
  const list = command[field];
  if (!Array.isArray(list)) throw badValue(`${field} must be an array`);
  return list as Document[];
}

/**
 * Runs each statement, collecting writeErrors; ordered stops at the first. In a transaction a
 * failed statement aborts the transaction, as in mongod.
 */
async function runStatements<T>(
  command: Document,
  context: CommandContext,
  items: T[],
  run: (item: T, index: number) => void,
): Promise<Document[]> {
  const ordered = command.ordered !== false;
  const writeErrors: Document[] = [];
  for (let index = 0; index < items.length; index++) {
    try {
      run(items[index]!, index);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      if (context.view.txn) {
        context.transactions.abort(context.view.txn);
        throw error;
      }
      writeErrors.push({ index, code: error.code, errmsg: error.message, ...error.extra });
      if (ordered) break;
    }
  }
  await context.view.flush();
  return writeErrors;
}

function withErrors(reply: Document, writeErrors: Document[]): Document {
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  return reply;
}

// mongod's clock for empty timestamps: strictly increasing (seconds, increment), like its cluster
// time. Increments start from the millisecond, so a server restarted within the same second still
// counts upwards (mongod keeps its clock in the oplog; a wall clock set back across a restart is
// not covered here).
let lastTimestamp = { t: 0, i: 0 };

function nextTimestamp(): Timestamp {
  const now = Date.now();
  const t = Math.floor(now / 1000);
  const i = (now % 1000) * 4_000_000 + 1;
  if (t > lastTimestamp.t || (t === lastTimestamp.t && i > lastTimestamp.i)) {
    lastTimestamp = { t, i };
  } else if (lastTimestamp.i < 0xffffffff) {
    lastTimestamp = { t: lastTimestamp.t, i: lastTimestamp.i + 1 };
  } else {
    lastTimestamp = { t: lastTimestamp.t + 1, i: 1 };
  }
  return new Timestamp(lastTimestamp);
}

/**
 * As mongod does on insert: a top-level field (other than _id) holding the empty timestamp
 * Timestamp(0, 0) gets the current timestamp, unique and increasing, assigned when the statement
 * runs (inside a transaction too, so it orders inserts, not commits).
 */
function fillEmptyTimestamps(doc: Document): Document {
  let filled: Document | undefined;
  for (const [key, value] of Object.entries(doc)) {
    if (key !== '_id' && value instanceof Timestamp && value.isZero()) {
      filled ??= { ...doc };
      filled[key] = nextTimestamp();
    }
  }
  return filled ?? doc;
}

const insert: CommandHandler = async (command, context) => {
  const coll = targetCollection(command, 'insert');
  const docs = statements(command, 'documents');
  let n = 0;
  const writeErrors = await runStatements(command, context, docs, (doc) => {
    context.view.insert(context.db, coll, fillEmptyTimestamps(prepareInsert(doc)));
    n++;
  });
  return withErrors({ n, ok: 1 }, writeErrors);
};

/** One update statement; returns how many matched and changed and the upserted _id if any. */
export function updateMatching(
  view: DataView,
  db: string,
  coll: string,
  statement: {
    q: Document;
    u: UpdateSpec;
    multi?: boolean;
    upsert?: boolean;
    arrayFilters?: Document[];
  },
): { matched: number; modified: number; upsertedId?: unknown } {
  const filter = statement.q ?? {};
  let targets = view.find(db, coll, filter);
  if (!statement.multi) targets = targets.slice(0, 1);
  let modified = 0;
  for (const doc of targets) {
    const next = applyUpdate(doc, statement.u, { filter, arrayFilters: statement.arrayFilters });
    if (!valuesEqual(next, doc)) {
      view.replace(db, coll, next);
      modified++;
    } else if (view.txn) {
      // Still a write for conflict detection: the transaction may have read an older version.
      view.replace(db, coll, doc);
    }
  }
  if (targets.length === 0 && statement.upsert) {
    const doc = prepareInsert(buildUpsert(filter, statement.u, statement.arrayFilters));
    view.insert(db, coll, doc);
    return { matched: 0, modified: 0, upsertedId: doc._id };
  }
  return { matched: targets.length, modified };
}

const update: CommandHandler = async (command, context) => {
  const coll = targetCollection(command, 'update');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = await runStatements(
    command,
    context,
    statements(command, 'updates'),
    (statement, index) => {
      if (!statement.u || typeof statement.u !== 'object')
        throw badValue('update statement needs u');
      const result = updateMatching(context.view, context.db, coll, statement as never);
      n += result.matched;
      nModified += result.modified;
      if (result.upsertedId !== undefined) {
        n++;
        upserted.push({ index, _id: result.upsertedId });
      }
    },
  );
  const reply: Document = { n, nModified, ok: 1 };
  if (upserted.length > 0) reply.upserted = upserted;
  return withErrors(reply, writeErrors);
};

const remove: CommandHandler = async (command, context) => {
  const coll = targetCollection(command, 'delete');
  let n = 0;
  const writeErrors = await runStatements(
    command,
    context,
    statements(command, 'deletes'),
    (statement) => {
      let targets = context.view.find(context.db, coll, statement.q ?? {});
      if (Number(statement.limit) === 1) targets = targets.slice(0, 1);
      for (const doc of targets) context.view.delete(context.db, coll, doc._id);
      n += targets.length;
    },
  );
  return withErrors({ n, ok: 1 }, writeErrors);
};

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: remove };
