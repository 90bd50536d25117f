import { aggregateCommands } from './aggregate.js';
import { collectionCommands } from './collections.js';
import type { CommandHandler } from './context.js';
import { findAndModifyCommands } from './find-and-modify.js';
import { handshakeCommands } from './handshake.js';
import { indexCommands } from './indexes.js';
import { queryCommands } from './query.js';
import { transactionCommands } from './transactions.js';
import { writeCommands } from './write.js';

/** Every command by name; anything else is CommandNotFound (59). */
export const COMMANDS: ReadonlyMap<string, CommandHandler> = new Map(
  Object.entries({
    ...handshakeCommands,
    ...queryCommands,
    ...writeCommands,
    ...findAndModifyCommands,
    ...aggregateCommands,
    ...collectionCommands,
    ...indexCommands,
    ...transactionCommands,
  }),
);
