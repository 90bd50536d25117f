import type { CommandHandler } from './context.js';
import { CommandError } from '../errors.js';

/** commitTransaction / abortTransaction: the server attaches the session's transaction as view.txn. */
const commitTransaction: CommandHandler = async (_command, { view, transactions }) => {
  if (!view.txn)
    throw new CommandError(251, 'no transaction in progress', 'NoSuchTransaction', {}, [
      'TransientTransactionError',
    ]);
  await transactions.commit(view.txn);
  return { ok: 1 };
};

const abortTransaction: CommandHandler = (_command, { view, transactions }) => {
  if (!view.txn) throw new CommandError(251, 'no transaction in progress', 'NoSuchTransaction');
  if (view.txn.state === 'committed') {
    throw new CommandError(256, 'Transaction has been committed', 'TransactionCommitted');
  }
  if (view.txn.state === 'aborted')
    throw new CommandError(
      251,
      `Transaction with { txnNumber: ${view.txn.txnNumber} } has been aborted.`,
      'NoSuchTransaction',
    );
  transactions.abort(view.txn);
  return { ok: 1 };
};

export const transactionCommands: Record<string, CommandHandler> = {
  commitTransaction,
  abortTransaction,
};
