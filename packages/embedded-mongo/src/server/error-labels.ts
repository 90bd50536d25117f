import type { Document } from 'bson';

/** mongod's retriable error codes (ErrorCodes::isRetriableError): a retry may succeed. */
const RETRIABLE = new Set([
  6, 7, 89, 91, 133, 134, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436,
]);
/** Errors after which the whole transaction may be retried (WriteConflict, LockTimeout…). */
const TRANSIENT = new Set([112, 24, 267]);

/**
 * The error labels mongod 6.0 puts on a failed command (errorLabelsForCommand): in a
 * transaction, TransientTransactionError for conflicts, and for retriable errors and
 * NoSuchTransaction on its statements; RetryableWriteError for retriable errors (or write
 * concern errors) of retryable writes and of commitTransaction / abortTransaction.
 */
export function errorLabels(
  name: string,
  command: Document,
  code: number | undefined,
  writeConcernCode?: number,
): string[] {
  const labels: string[] = [];
  const inTransaction = command.autocommit === false;
  const commitOrAbort = name === 'commitTransaction' || name === 'abortTransaction';
  if (inTransaction && code !== undefined) {
    const transient =
      TRANSIENT.has(code) ||
      (commitOrAbort
        ? code === 251 && writeConcernCode === undefined
        : RETRIABLE.has(code) || code === 251);
    if (transient) labels.push('TransientTransactionError');
  }
  const retryableWrite =
    commitOrAbort || (command.txnNumber !== undefined && command.autocommit === undefined);
  if (
    retryableWrite &&
    ((code !== undefined && RETRIABLE.has(code)) ||
      (writeConcernCode !== undefined && RETRIABLE.has(writeConcernCode)))
  )
    labels.push('RetryableWriteError');
  return labels;
}
