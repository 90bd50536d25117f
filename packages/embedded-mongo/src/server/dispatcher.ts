import { Binary, Long, Timestamp, type Document } from 'bson';
import { setTimeout as sleep } from 'node:timers/promises';
import { COMMANDS } from '../commands/index.js';
import type { ServerIdentity } from '../commands/context.js';
import { CommandError, commandNotFound } from '../errors.js';
import { CursorRegistry } from '../storage/cursors.js';
import type { Store } from '../storage/store.js';
import { TransactionManager, type Transaction } from '../storage/transactions.js';
import { DataView } from '../storage/view.js';
import { FailPoints } from './fail-points.js';
import type { Logger } from './logger.js';
import { SessionRegistry } from './sessions.js';
import { errorLabels } from './error-labels.js';
import { checkReadConcern, checkWriteConcern, unsatisfiedWriteConcern } from './write-concern.js';

/**
 * A replica set member's reply carries the logical time of the data it saw (operationTime) and
 * gossips the cluster time; drivers use them for causally consistent sessions. Here both are the
 * store's write sequence within the second the server started.
 */
/** No keys to sign with (no authentication): the zero signature mongod sends then. */
const UNSIGNED = { hash: new Binary(Buffer.alloc(20), 0), keyId: Long.ZERO };

function withClusterTime(reply: Document, sequence: number, startedAt: Date): Document {
  const time = new Timestamp({ t: Math.floor(startedAt.getTime() / 1000), i: sequence + 1 });
  reply.operationTime = time;
  reply.$clusterTime = { clusterTime: time, signature: UNSIGNED };
  return reply;
}

/** A reply that is no reply: the connection is closed instead (a fail point asked for it). */
export const CLOSE_CONNECTION = Symbol('close connection');

export interface DispatcherOptions {
  /** mongod's transactionLifetimeLimitSeconds (default 60). */
  transactionLifetimeLimitSeconds?: number;
  /** mongod's enableTestCommands: configureFailPoint exists only with it. */
  enableTestCommands?: boolean;
}

/** Runs one command document against the store and always returns a reply document. */
export class Dispatcher {
  readonly cursors = new CursorRegistry();
  readonly transactions: TransactionManager;
  readonly sessions: SessionRegistry;
  private readonly failPoints?: FailPoints;
  /** Each connection's application name, from its handshake (fail points may target one). */
  private readonly appNames = new Map<number, string>();

  constructor(
    private readonly store: Store,
    private readonly identity: ServerIdentity,
    private readonly log: Logger,
    options: DispatcherOptions = {},
  ) {
    this.transactions = new TransactionManager(
      store,
      (options.transactionLifetimeLimitSeconds ?? 60) * 1000,
    );
    this.sessions = new SessionRegistry(this.transactions);
    if (options.enableTestCommands) this.failPoints = new FailPoints();
  }

  /** Forgets what was kept about a closed connection. */
  closed(connectionId: number): void {
    this.appNames.delete(connectionId);
  }

  async execute(
    command: Document,
    db: string,
    connectionId: number,
  ): Promise<Document | typeof CLOSE_CONNECTION> {
    const name = Object.keys(command)[0] ?? '';
    if ((name === 'hello' || name === 'isMaster' || name === 'ismaster') && command.client)
      this.rememberAppName(connectionId, command.client as Document);
    const failure = this.failPoints?.failureFor(name, this.appNames.get(connectionId));
    if (failure?.blockTimeMS) await sleep(failure.blockTimeMS);
    if (failure?.closeConnection) return CLOSE_CONNECTION;
    let reply: Document;
    if (failure?.error) {
      // The fail point answers before the command runs: a transaction stays as it was.
      reply = { ...failure.error };
    } else {
      reply = await this.run(name, command, db, connectionId);
      if (failure?.writeConcernError && reply.ok === 1)
        reply.writeConcernError = failure.writeConcernError;
    }
    const labels =
      failure?.errorLabels ??
      errorLabels(
        name,
        command,
        reply.ok === 1 ? undefined : (reply.code as number | undefined),
        (reply.writeConcernError as Document | undefined)?.code as number | undefined,
      );
    const merged = [
      ...new Set([...((reply.errorLabels as string[] | undefined) ?? []), ...labels]),
    ];
    if (merged.length > 0) reply.errorLabels = merged;
    return withClusterTime(reply, this.store.sequence, this.identity.startedAt);
  }

  /** A command the server runs itself (the TTL monitor): no fail point applies to it. */
  internal(command: Document, db: string): Promise<Document> {
    return this.run(Object.keys(command)[0] ?? '', command, db, 0);
  }

  private rememberAppName(connectionId: number, client: Document): void {
    const appName = (client.application as Document | undefined)?.name;
    if (typeof appName === 'string') this.appNames.set(connectionId, appName);
  }

  private async run(
    name: string,
    command: Document,
    db: string,
    connectionId: number,
  ): Promise<Document> {
    let txn: Transaction | undefined;
    try {
      if (name === 'configureFailPoint' && this.failPoints) {
        if (db !== 'admin')
          throw new CommandError(
            13,
            'configureFailPoint may only be run against the admin database.',
            'Unauthorized',
          );
        return this.failPoints.configure(command);
      }
      const handler = COMMANDS.get(name);
      if (!handler) throw commandNotFound(name);
      if (name === 'endSessions' && Array.isArray(command.endSessions))
        this.sessions.end(command.endSessions);
      if (command.lsid !== undefined) this.sessions.touch(command.lsid);
      checkWriteConcern(name, command);
      checkReadConcern(name, command);
      if (command.autocommit === false) txn = this.sessions.transactionFor(command, name);
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
      const reply = await handler(command, context);
      const unsatisfied = reply.ok === 1 ? unsatisfiedWriteConcern(command) : undefined;
      if (unsatisfied) reply.writeConcernError = unsatisfied;
      return reply;
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
