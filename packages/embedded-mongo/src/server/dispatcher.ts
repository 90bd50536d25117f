import type { Document } from 'bson';
import { COMMANDS } from '../commands/index.js';
import type { ServerIdentity } from '../commands/context.js';
import { CommandError, commandNotFound } from '../errors.js';
import { CursorRegistry } from '../storage/cursors.js';
import type { Store } from '../storage/store.js';
import { TransactionManager, type Transaction } from '../storage/transactions.js';
import { DataView } from '../storage/view.js';
import type { Logger } from './logger.js';
import { SessionRegistry } from './sessions.js';

/** Runs one command document against the store and always returns a reply document. */
export class Dispatcher {
  readonly cursors = new CursorRegistry();
  readonly transactions: TransactionManager;
  readonly sessions: SessionRegistry;

  constructor(
    private readonly store: Store,
    private readonly identity: ServerIdentity,
    private readonly log: Logger,
  ) {
    this.transactions = new TransactionManager(store);
    this.sessions = new SessionRegistry(this.transactions);
  }

  async execute(command: Document, db: string, connectionId: number): Promise<Document> {
    const name = Object.keys(command)[0] ?? '';
    let txn: Transaction | undefined;
    try {
      const handler = COMMANDS.get(name);
      if (!handler) throw commandNotFound(name);
      if (name === 'endSessions' && Array.isArray(command.endSessions))
        this.sessions.end(command.endSessions);
      if (command.autocommit === false) txn = this.sessions.transactionFor(command);
      const view = new DataView(this.store, this.transactions, txn);
      const context = {
        db,
        connectionId,
        view,
        store: this.store,
        cursors: this.cursors,
        transactions: this.transactions,
        sessions: this.sessions,
        identity: this.identity,
      };
      return await handler(command, context);
    } catch (error) {
      // In a transaction, a failed command aborts it, as in mongod.
      if (txn) this.transactions.abort(txn);
      if (error instanceof CommandError) {
        this.log.debug('command failed', {
          command: name,
          code: error.code,
          errmsg: error.message,
        });
        return error.toReply();
      }
      const message = (error as Error)?.message ?? String(error);
      if ((error as Error)?.constructor?.name === 'MingoError') {
        return new CommandError(2, message, 'BadValue').toReply();
      }
      this.log.error('command crashed', {
        command: name,
        error: (error as Error)?.stack ?? message,
      });
      return new CommandError(1, message, 'InternalError').toReply();
    }
  }
}
