import { createHash } from 'node:crypto';
import { Binary, Long, type Document } from 'bson';
import { CommandError } from '../errors.js';
import type { Transaction, TransactionManager } from '../storage/transactions.js';

/**
 * Logical sessions, only as far as transactions need them: each session's current transaction,
 * found by lsid and txnNumber. Sessions expire with the server; the drivers end them lazily.
 */
export class SessionRegistry {
  private readonly current = new Map<string, Transaction>();
  /** Every session a command has named, with its last use: mongod's logical session cache. */
  private readonly seen = new Map<string, { id: Binary; lastUse: Date }>();

  constructor(private readonly transactions: TransactionManager) {}

  /** Records that a command used this session (any command carrying an lsid). */
  touch(lsid: unknown): void {
    const id = (lsid as Document | undefined)?.id;
    if (!(id instanceof Binary)) return;
    const key = id.toString('hex');
    const known = this.seen.get(key);
    if (known) known.lastUse = new Date();
    else {
      if (this.seen.size >= MAX_CACHED_SESSIONS) this.expireIdle();
      this.seen.set(key, { id, lastUse: new Date() });
    }
  }

  /** What `$listLocalSessions` lists: each cached session's id, user digest and last use. */
  list(): Document[] {
    this.expireIdle();
    return [...this.seen.values()].map(({ id, lastUse }) => ({
      _id: { id, uid: NO_USER_DIGEST },
      lastUse,
    }));
  }

  private expireIdle(): void {
    const cutoff = Date.now() - SESSION_TIMEOUT_MS;
    for (const [key, session] of this.seen)
      if (session.lastUse.getTime() < cutoff) this.seen.delete(key);
  }

  /**
   * The transaction a command with autocommit:false belongs to, starting it if asked. A
   * transaction the server aborted (a failed statement, the lifetime limit) answers
   * NoSuchTransaction to anything but abortTransaction; a committed one, TransactionCommitted to
   * anything but a retried commitTransaction.
   */
  transactionFor(command: Document, name: string): Transaction {
    const session = sessionKey(command.lsid);
    const txnNumber = (
      command.txnNumber instanceof Long ? command.txnNumber : Long.fromValue(command.txnNumber ?? 0)
    ).toString();
    const existing = this.current.get(session);
    if (command.startTransaction === true) {
      if (existing && existing.txnNumber === txnNumber) throw noSuchTransaction(txnNumber);
      if (existing) this.transactions.abort(existing);
      const txn = this.transactions.begin(txnNumber);
      this.current.set(session, txn);
      return txn;
    }
    if (!existing || existing.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
    this.transactions.abortIfExpired(existing);
    if (existing.state === 'aborted' && name !== 'abortTransaction')
      throw new CommandError(
        251,
        `Transaction with { txnNumber: ${txnNumber} } has been aborted.`,
        'NoSuchTransaction',
        {},
        ['TransientTransactionError'],
      );
    if (existing.state === 'committed' && name !== 'commitTransaction')
      throw new CommandError(
        256,
        `Transaction with { txnNumber: ${txnNumber} } has been committed.`,
        'TransactionCommitted',
      );
    return existing;
  }

  /** killAllSessions: every open transaction aborted, every session forgotten. */
  killAll(): void {
    for (const txn of this.current.values()) this.transactions.abort(txn);
    this.current.clear();
    this.seen.clear();
  }

  /** endSessions: abort whatever the sessions left open. */
  end(lsids: unknown[]): void {
    for (const lsid of lsids) {
      if (!((lsid as Document | undefined)?.id instanceof Binary)) continue;
      const key = sessionKey(lsid);
      const txn = this.current.get(key);
      if (txn) this.transactions.abort(txn);
      this.current.delete(key);
      this.seen.delete(key);
    }
  }
}

/** localLogicalSessionTimeoutMinutes, 30 as in mongod (and as hello reports). */
const SESSION_TIMEOUT_MS = 30 * 60 * 1000;
/** mongod caches at most this many sessions (maxSessions defaults to 1,000,000). */
const MAX_CACHED_SESSIONS = 1_000_000;
/** The uid of sessions without an authenticated user: the SHA-256 of the empty user name. */
const NO_USER_DIGEST = new Binary(createHash('sha256').update('').digest(), 0);

function noSuchTransaction(txnNumber: string): CommandError {
  return new CommandError(
    251,
    `Given transaction number ${txnNumber} does not match any in-progress transactions.`,
    'NoSuchTransaction',
    {},
    ['TransientTransactionError'],
  );
}

function sessionKey(lsid: unknown): string {
  const id = (lsid as Document | undefined)?.id;
  if (id instanceof Binary) return id.toString('hex');
  throw new CommandError(2, 'transactions need a logical session id (lsid)', 'BadValue');
}
