import { Long, type Document } from 'bson';
import { compareValues } from '../query/bson-order.js';
import { project, readPath, selectDocuments } from '../query/engine.js';
import type { ScanReport } from '../storage/collection.js';
import { documentKey } from '../storage/document-key.js';
import { targetCollection, type CommandHandler } from './context.js';
import { badValue, CommandError } from '../errors.js';
import { checkHint, letVariables, queryOptions } from './query-options.js';
import { notInTransaction } from './transaction-rules.js';

function asCount(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  const n = Number(value instanceof Long ? value.toNumber() : value);
  if (!Number.isFinite(n)) throw badValue(`${field} must be a number`);
  return Math.trunc(n);
}

function asDocument(value: unknown, field: string): Document | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new CommandError(14, `${field} must be an object`, 'TypeMismatch');
  }
  return value as Document;
}

export { selectDocuments };

const find: CommandHandler = (command, { db, view, cursors }) => {
  const coll = targetCollection(command, 'find');
  const filter = asDocument(command.filter, 'filter');
  const limit = asCount(command.limit, 'limit');
  const collection = view.collection(db, coll);
  checkHint(command.hint, collection);
  const selected = view.select(db, coll, filter, {
    sort: asDocument(command.sort, 'sort'),
    skip: asCount(command.skip, 'skip'),
    limit,
    ...queryOptions(command.collation, letVariables(command.let), collection),
  });
  const docs = project(selected, asDocument(command.projection, 'projection'));
  const ns = `${db}.${coll}`;
  const batchSize =
    command.batchSize === undefined ? undefined : asCount(command.batchSize, 'batchSize');
  if (command.singleBatch || limit < 0)
    return { cursor: { firstBatch: docs, id: Long.ZERO, ns }, ok: 1 };
  const { id, batch } = cursors.firstBatch(ns, docs, batchSize);
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

const getMore: CommandHandler = (command, { cursors }) => {
  const id =
    command.getMore instanceof Long ? command.getMore : Long.fromNumber(Number(command.getMore));
  const batchSize =
    command.batchSize === undefined ? undefined : asCount(command.batchSize, 'batchSize');
  const next = cursors.nextBatch(id, batchSize);
  if (!next) throw new CommandError(43, `cursor id ${id.toString()} not found`, 'CursorNotFound');
  return {
    cursor: { nextBatch: next.batch, id: next.exhausted ? Long.ZERO : id, ns: next.ns },
    ok: 1,
  };
};

const killCursors: CommandHandler = (command, { cursors }) => {
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of (command.cursors as unknown[]) ?? []) {
    const id = raw instanceof Long ? raw : Long.fromNumber(Number(raw));
    (cursors.kill(id) ? killed : notFound).push(id);
  }
  return {
    cursorsKilled: killed,
    cursorsNotFound: notFound,
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
};

const count: CommandHandler = (command, { db, view }) => {
  const coll = targetCollection(command, 'count');
  notInTransaction('count', view);
  const collection = view.collection(db, coll);
  checkHint(command.hint, collection);
  const docs = view.find(
    db,
    coll,
    asDocument(command.query, 'query'),
    queryOptions(command.collation, undefined, collection),
  );
  const n = selectDocuments(docs, {
    skip: asCount(command.skip, 'skip'),
    limit: asCount(command.limit, 'limit'),
  }).length;
  return { n, ok: 1 };
};

const distinct: CommandHandler = (command, { db, view }) => {
  const coll = targetCollection(command, 'distinct');
  if (typeof command.key !== 'string') throw badValue('distinct key must be a string');
  const path = command.key.split('.');
  const collection = view.collection(db, coll);
  checkHint(command.hint, collection);
  const query = queryOptions(command.collation, undefined, collection);
  // Keyed like _id values (1, 1.0 and Long(1) are one value), so this stays linear.
  const values = new Map<string, unknown>();
  for (const doc of view.find(db, coll, asDocument(command.query, 'query'), query)) {
    const value = readPath(doc, path);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined) continue;
      const key = documentKey(item);
      if (!values.has(key)) values.set(key, item);
    }
  }
  const strings = query.collation?.compare;
  const sorted = [...values.values()].sort((a, b) => compareValues(a, b, strings));
  // Under a collation, values it deems equal ("ping", "PING" at strength 2) are one value.
  const distinctValues = strings
    ? sorted.filter((value, i) => i === 0 || compareValues(sorted[i - 1], value, strings) !== 0)
    : sorted;
  return { values: distinctValues, ok: 1 };
};

export const queryCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
};

/**
 * explain for find/count/distinct: runs the inner command and reports the access path taken
 * (IDHACK, IXSCAN with the index name, or COLLSCAN) and how many documents were examined.
 */
const explain: CommandHandler = async (command, context) => {
  const inner = command.explain as Document | undefined;
  const name = inner ? Object.keys(inner)[0] : undefined;
  if (!inner || !name || !['find', 'count', 'distinct'].includes(name)) {
    throw badValue('explain supports find, count and distinct');
  }
  const coll = targetCollection(inner, name);
  await queryCommands[name]!(inner, context);
  const scan: ScanReport = context.view.collection(context.db, coll)?.lastScan ?? {
    plan: 'COLLSCAN',
    examined: 0,
  };
  const inputStage = scan.index
    ? { stage: scan.plan, indexName: scan.index }
    : { stage: scan.plan };
  const fetch = { stage: 'FETCH', inputStage };
  // As mongod shows it: a SORT stage above the fetch unless the index walk gave the order.
  const sorted = name === 'find' && Object.keys(asDocument(inner.sort, 'sort') ?? {}).length > 0;
  const winningPlan =
    sorted && scan.sort !== 'index' ? { stage: 'SORT', inputStage: fetch } : fetch;
  return {
    queryPlanner: { namespace: `${context.db}.${coll}`, winningPlan },
    executionStats: { totalDocsExamined: scan.examined },
    ok: 1,
  };
};

queryCommands.explain = explain;
