import type { Document } from 'bson';
import { project } from '../query/engine.js';
import { applyUpdate, buildUpsert, type UpdateSpec } from '../query/update.js';
import { targetCollection, type CommandHandler } from './context.js';
import { badValue } from '../errors.js';
import { checkHint, letVariables, queryOptions } from './query-options.js';
import { prepareInsert } from './write.js';

const findAndModify: CommandHandler = async (command, context) => {
  const coll = targetCollection(
    command,
    command.findAndModify !== undefined ? 'findAndModify' : 'findandmodify',
  );
  const { db, view } = context;
  const filter = (command.query as Document) ?? {};
  const update = command.update as UpdateSpec | undefined;
  if (!command.remove && !update)
    throw badValue('Either an update or remove=true must be specified');
  const collection = view.prepareWrites(db, coll, command);
  checkHint(command.hint, collection);
  const query = queryOptions(command.collation, letVariables(command.let), collection);
  const { variables } = query;
  const [target] = view.select(db, coll, filter, {
    sort: command.sort as Document,
    limit: 1,
    ...query,
  });
  const fields = command.fields as Document | undefined;
  const shown = (doc: Document | undefined) => (doc ? project([doc], fields)[0] : null);
  const arrayFilters = command.arrayFilters as Document[] | undefined;

  let reply: Document;
  if (command.remove) {
    if (target) view.delete(db, coll, target._id);
    reply = { lastErrorObject: { n: target ? 1 : 0 }, value: shown(target), ok: 1 };
  } else if (target) {
    const next = applyUpdate(target, update!, { filter, arrayFilters, variables });
    view.replace(db, coll, next);
    reply = {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: shown(command.new ? next : target),
      ok: 1,
    };
  } else if (command.upsert) {
    const doc = prepareInsert(buildUpsert(filter, update!, arrayFilters, variables));
    view.insert(db, coll, doc);
    reply = {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: command.new ? shown(doc) : null,
      ok: 1,
    };
  } else {
    reply = { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  }
  await view.flush();
  return reply;
};

export const findAndModifyCommands: Record<string, CommandHandler> = {
  findAndModify,
  findandmodify: findAndModify,
};
