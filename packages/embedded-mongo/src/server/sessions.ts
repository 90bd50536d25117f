import { Binary, Long, type Document } from 'bson';
import { CommandError } from '../errors.js';
import type { Transaction, TransactionManager } from '../storage/transactions.js';

/**
 * Logical sessions, only as far as transactions need them: each session's current transaction,
 * found by lsid and txnNumber. Sessions expire with the server; the drivers end them lazily.
 */
export class SessionRegistry {
  private readonly current = new Map<string, Transaction>();

  constructor(private readonly transactions: TransactionManager) {}

  /** The transaction a command with autocommit:false belongs to, starting it if asked. */
  transactionFor(command: Document): Transaction {
    const session = sessionKey(command.lsid);
    const txnNumber = (
      command.txnNumber instanceof Long ? command.txnNumber : Long.fromValue(command.txnNumber ?? 0)
    ).toString();
    const existing = this.current.get(session);
    if (command.startTransaction === true) {
      if (existing && existing.txnNumber === txnNumber) {
        throw new CommandError(
          251,
          `Given transaction number ${txnNumber} does not match any in-progress transactions.`,
          'NoSuchTransaction',
          {},
          ['TransientTransactionError'],
        );
      }
      if (existing) this.transactions.abort(existing);
      const txn = this.transactions.begin(txnNumber);
      this.current.set(session, txn);
      return txn;
    }
    if (!existing || existing.txnNumber !== txnNumber) {
      throw new CommandError(
        251,
        `Given transaction number ${txnNumber} does not match any in-progress transactions.`,
        'NoSuchTransaction',
        {},
        ['TransientTransactionError'],
      );
    }
    return existing;
  }

  /** endSessions: abort whatever the sessions left open. */
  end(lsids: unknown[]): void {
    for (const lsid of lsids) {
      if (!((lsid as Document | undefined)?.id instanceof Binary)) continue;
      const key = sessionKey(lsid);
      const txn = this.current.get(key);
      if (txn) this.transactions.abort(txn);
      this.current.delete(key);
    }
  }
}

function sessionKey(lsid: unknown): string {
  const id = (lsid as Document | undefined)?.id;
  if (id instanceof Binary) return id.toString('hex');
  throw new CommandError(2, 'transactions need a logical session id (lsid)', 'BadValue');
}
