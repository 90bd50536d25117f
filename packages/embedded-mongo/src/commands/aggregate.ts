import type { Document } from 'bson';
import { aggregate as runPipeline } from '../query/engine.js';
import type { CommandHandler } from './context.js';
import { badValue, CommandError } from '../errors.js';

/**
 * aggregate over a collection (or `aggregate: 1` over nothing). A leading $match is answered by
 * the collection's indexes; mingo runs the rest, with $lookup reading the same database.
 */
const aggregate: CommandHandler = async (command, { db, view, cursors }) => {
  const pipeline = command.pipeline;
  if (!Array.isArray(pipeline)) throw badValue("'pipeline' option must be specified as an array");
  const stages = pipeline as Document[];
  const coll = typeof command.aggregate === 'string' ? command.aggregate : undefined;
  const outStage = stages.find((stage) => '$out' in stage || '$merge' in stage);
  if (outStage)
    throw new CommandError(
      40324,
      'Unrecognized pipeline stage name: $out/$merge is not supported',
      'Location40324',
    );

  let source: Document[] = [];
  let rest = stages;
  if (coll !== undefined) {
    const leadingMatch = stages[0]?.$match as Document | undefined;
    const firstIsMatch = stages.length > 0 && Object.keys(stages[0]!)[0] === '$match';
    source = view.find(db, coll, firstIsMatch ? leadingMatch : undefined);
    if (firstIsMatch) rest = stages.slice(1);
  }
  const resolver = (name: string) => view.find(db, name);
  let results: Document[];
  try {
    results = rest.length > 0 ? runPipeline(source, rest, resolver) : source;
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(40324, (error as Error).message, 'Location40324');
  }
  const ns = `${db}.${coll ?? '$cmd.aggregate'}`;
  const cursorOptions = (command.cursor as Document | undefined) ?? {};
  const batchSize =
    cursorOptions.batchSize === undefined ? undefined : Number(cursorOptions.batchSize);
  if (command.explain) return { stages: stages, ok: 1 };
  const { id, batch } = cursors.firstBatch(ns, results, batchSize);
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
