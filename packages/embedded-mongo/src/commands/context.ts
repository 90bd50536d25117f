import type { Document } from 'bson';
import { CommandError } from '../errors.js';
import type { SessionRegistry } from '../server/sessions.js';
import type { CursorRegistry } from '../storage/cursors.js';
import type { Store } from '../storage/store.js';
import type { TransactionManager } from '../storage/transactions.js';
import type { DataView } from '../storage/view.js';

/** What the server says about itself in hello and buildInfo. */
export interface ServerIdentity {
  /** host:port as clients reach it. */
  address: string;
  replicaSetName: string;
  startedAt: Date;
}

/** Everything a command handler may use; built per command by the server. */
export interface CommandContext {
  db: string;
  connectionId: number;
  view: DataView;
  store: Store;
  cursors: CursorRegistry;
  transactions: TransactionManager;
  sessions: SessionRegistry;
  identity: ServerIdentity;
}

export type CommandHandler = (
  command: Document,
  context: CommandContext,
) => Promise<Document> | Document;

/** The collection a command names in its first field, checked to be a string. */
export function targetCollection(command: Document, name: string): string {
  const value = command[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError(73, `Invalid namespace specified: ${String(value)}`, 'InvalidNamespace');
  }
  return value;
}
