import { Long, ObjectId, type Document } from 'bson';
import { valuesEqual } from '../query/bson-order.js';
import { aggregate as runPipeline, type QueryOptions } from '../query/engine.js';
import { applyUpdate } from '../query/update.js';
import type { Collection } from '../storage/collection.js';
import { documentKey } from '../storage/document-key.js';
import type { Mutation } from '../storage/mutations.js';
import { notOnView, type DataView } from '../storage/view.js';
import type { CommandContext, CommandHandler } from './context.js';
import { badValue, CommandError } from '../errors.js';
import { checkHint, letVariables, queryOptions } from './query-options.js';
import { notInTransaction } from './transaction-rules.js';

/**
 * aggregate over a collection or view (or `aggregate: 1` over `$documents` or
 * `$listLocalSessions`). A leading $match is answered by the collection's indexes; mingo runs the
 * rest, with $lookup reading the same database. A final `$out` or `$merge` writes the results.
 */
const aggregate: CommandHandler = async (command, context) => {
  const { db, view, cursors } = context;
  const pipeline = command.pipeline;
  if (!Array.isArray(pipeline)) throw badValue("'pipeline' option must be specified as an array");
  let stages = pipeline as Document[];
  const coll = typeof command.aggregate === 'string' ? command.aggregate : undefined;
  const collection = coll === undefined ? undefined : view.collection(db, coll);
  checkHint(command.hint, collection);
  const query = queryOptions(command.collation, letVariables(command.let), collection);

  const writeStage = stages.findIndex((stage) => '$out' in stage || '$merge' in stage);
  if (writeStage >= 0 && writeStage !== stages.length - 1) {
    const name = Object.keys(stages[writeStage]!)[0];
    throw new CommandError(
      40601,
      `${name} can only be the final stage in the pipeline`,
      'Location40601',
    );
  }
  const output = writeStage >= 0 ? stages[writeStage]! : undefined;
  if (output) {
    notInTransaction(`aggregate with ${Object.keys(output)[0]}`, view);
    stages = stages.slice(0, -1);
  }

  let source: Document[] = [];
  let rest = stages;
  if (coll !== undefined) {
    const leadingMatch = stages[0]?.$match as Document | undefined;
    const firstIsMatch = stages.length > 0 && Object.keys(stages[0]!)[0] === '$match';
    source = view.find(db, coll, firstIsMatch ? leadingMatch : undefined, query);
    if (firstIsMatch) rest = stages.slice(1);
  } else if (stages[0] && '$listLocalSessions' in stages[0]) {
    source = context.sessions.list();
    rest = stages.slice(1);
  }
  const resolver = (name: string, filter?: Document) => view.find(db, name, filter, query);
  let results: Document[];
  try {
    results = rest.length > 0 ? runPipeline(source, rest, resolver, query) : source;
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(40324, (error as Error).message, 'Location40324');
  }
  const ns = `${db}.${coll ?? '$cmd.aggregate'}`;
  if (command.explain) return { stages: pipeline, ok: 1 };
  if (output) {
    if ('$out' in output) writeOut(context, output.$out, results);
    else writeMerge(context, output.$merge, results, query);
    await view.flush();
    return { cursor: { firstBatch: [], id: Long.ZERO, ns }, ok: 1 };
  }
  const cursorOptions = (command.cursor as Document | undefined) ?? {};
  const batchSize =
    cursorOptions.batchSize === undefined ? undefined : Number(cursorOptions.batchSize);
  const { id, batch } = cursors.firstBatch(ns, results, batchSize);
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

/** `$out: 'coll'` or `{db, coll}`: the target named, in this database unless it says another. */
function outputTarget(spec: unknown, db: string, stage: string): { db: string; coll: string } {
  if (typeof spec === 'string') return { db, coll: spec };
  if (spec && typeof spec === 'object') {
    const { db: targetDb, coll } = spec as Document;
    if (typeof coll === 'string') return { db: typeof targetDb === 'string' ? targetDb : db, coll };
  }
  throw new CommandError(16990, `${stage} needs a collection name`, 'Location16990');
}

function writableTarget(
  view: DataView,
  target: { db: string; coll: string },
): Collection | undefined {
  const collection = view.collection(target.db, target.coll);
  if (collection?.isView) throw notOnView(collection.ns);
  return collection;
}

function withId(doc: Document): Document {
  return doc._id === undefined ? { _id: new ObjectId(), ...doc } : doc;
}

/**
 * $out: the target's documents become the results, all at once (atomically, keeping its options
 * and indexes); a duplicate _id or unique key among the results leaves it unchanged.
 */
function writeOut(context: CommandContext, spec: unknown, results: Document[]): void {
  const { view } = context;
  const target = outputTarget(spec, context.db, '$out');
  const collection = writableTarget(view, target);
  const batch: Mutation[] = [];
  if (!collection) batch.push({ op: 'createCollection', ...target, options: {} });
  for (const doc of collection?.docs.values() ?? [])
    batch.push({ op: 'delete', ...target, id: doc._id });
  const seen = new Set<string>();
  for (const raw of results) {
    const doc = withId(raw);
    const key = documentKey(doc._id);
    if (seen.has(key))
      throw new CommandError(
        11000,
        `E11000 duplicate key error collection: ${target.db}.${target.coll} index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`,
        'DuplicateKey',
        { keyPattern: { _id: 1 }, keyValue: { _id: doc._id } },
      );
    seen.add(key);
    batch.push({ op: 'insert', ...target, doc });
  }
  view.applyAll(batch);
}

/**
 * $merge: each result is matched with the target's documents on `on` (default _id; other fields
 * need a unique index on exactly them), then replaced, merged, kept, refused or updated by a
 * pipeline (`whenMatched`), or inserted, discarded or refused when unmatched (`whenNotMatched`).
 */
function writeMerge(
  context: CommandContext,
  spec: unknown,
  results: Document[],
  query: QueryOptions,
): void {
  const { view } = context;
  const options: Document =
    typeof spec === 'string' ? { into: spec } : ((spec as Document | undefined) ?? {});
  const target = outputTarget(options.into, context.db, '$merge');
  const collection = writableTarget(view, target);
  const on = options.on === undefined ? ['_id'] : ([] as string[]).concat(options.on as string[]);
  if (!(on.length === 1 && on[0] === '_id')) {
    const unique = [...(collection?.indexes.values() ?? [])].some(
      (index) =>
        index.spec.unique &&
        Object.keys(index.spec.key).length === on.length &&
        on.every((field) => field in index.spec.key),
    );
    if (!unique)
      throw new CommandError(
        51183,
        'Cannot find index to verify that join fields will be unique',
        'Location51183',
      );
  }
  const whenMatched = options.whenMatched ?? 'merge';
  const whenNotMatched = options.whenNotMatched ?? 'insert';
  if (!collection) view.applyNow({ op: 'createCollection', ...target, options: {} });
  for (const raw of results) {
    const doc = withId(raw);
    const match = view
      .find(
        target.db,
        target.coll,
        Object.fromEntries(on.map((field) => [field, doc[field] ?? null])),
      )
      .find((existing) => on.every((field) => valuesEqual(existing[field], doc[field])));
    if (!match) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail')
        throw new CommandError(
          13113,
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
          'MergeStageNoMatchingDocument',
        );
      view.insert(target.db, target.coll, doc);
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail')
      throw new CommandError(
        11000,
        `E11000 duplicate key error collection: ${target.db}.${target.coll} index: _id_ dup key: { _id: ${JSON.stringify(match._id)} }`,
        'DuplicateKey',
        { keyPattern: { _id: 1 }, keyValue: { _id: match._id } },
      );
    let next: Document;
    if (whenMatched === 'replace') next = { ...doc, _id: match._id };
    else if (whenMatched === 'merge') next = { ...match, ...doc, _id: match._id };
    else if (Array.isArray(whenMatched)) {
      const variables = { ...query.variables, ...((options.let as Document) ?? {}), new: doc };
      next = applyUpdate(match, whenMatched as Document[], { variables });
    } else throw badValue(`unknown whenMatched mode: ${String(whenMatched)}`);
    view.replace(target.db, target.coll, next);
  }
}

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
