import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientSession, Connection } from 'mongoose';
import { isDuplicateKey } from './duplicate-key.js';

export interface TransactionOptions {
  /**
   * How long the transaction may keep retrying transient failures (write conflicts, a commit
   * whose outcome is unknown) before it gives up with TransactionBusyError; default 3 s. The
   * first conflict is always retried once, however long the first attempt took.
   * The driver's own `withTransaction` retries for 120 s: a request on documents that a crashed
   * process still holds would hang until the server's transaction lifetime (60 s) frees them.
   */
  timeoutMs?: number;
  /** `Retry-After` the caller is told when the budget runs out; default 1 s */
  retryAfterSeconds?: number;
}

/**
 * The transaction kept failing on transient errors until its time budget ran out: another
 * transaction (a concurrent request, or one of a crashed process that the server has not yet
 * aborted) holds the documents. Nothing was written; the caller may retry after `retryAfterSeconds`.
 * The service kit answers it as 503 with `Retry-After`.
 */
export class TransactionBusyError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      `the documents this change needs are held by another transaction (gave up after ${attempts} attempts)`,
      options,
    );
    this.name = 'TransactionBusyError';
  }
}

const DEFAULT_TIMEOUT_MS = 3_000;

function hasLabel(error: unknown, label: string): boolean {
  const candidate = error as { hasErrorLabel?: (label: string) => boolean; errorLabels?: unknown };
  if (typeof candidate?.hasErrorLabel === 'function') return candidate.hasErrorLabel(label);
  return Array.isArray(candidate?.errorLabels) && candidate.errorLabels.includes(label);
}

/** A failure the server says is worth retrying the whole transaction for (e.g. WriteConflict). */
export function isTransientTransactionError(error: unknown): boolean {
  return hasLabel(error, 'TransientTransactionError');
}

/** Jittered exponential backoff between attempts: 5, 10, 20 … ms, at most 200 ms. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 5 * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Runs `work` in one MongoDB transaction and commits it: every write the work makes with the
 * session commits together or not at all. A transient failure runs the work again (so it must
 * not keep state across attempts), within `timeoutMs` in all; then TransactionBusyError.
 * Any other error aborts the transaction and is thrown as it is.
 */
export async function inTransaction<T>(
  connection: Connection,
  work: (session: ClientSession) => Promise<T>,
  { timeoutMs = DEFAULT_TIMEOUT_MS, retryAfterSeconds = 1 }: TransactionOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const session = await connection.startSession();
  let attempt = 0;
  const giveUpOrWait = async (error: unknown): Promise<void> => {
    const pause = backoffMs(attempt);
    // A conflict always gets one more attempt, however long the first took (a loaded machine):
    // run again, the work usually sees what the other transaction did and answers for itself.
    if (attempt > 1 && Date.now() + pause >= deadline) {
      throw new TransactionBusyError(retryAfterSeconds, attempt, { cause: error });
    }
    await sleep(pause);
  };
  try {
    for (;;) {
      attempt++;
      // a commit waiting on the server gives up after the budget too (not the work: a long
      // import may take longer than the budget; only waiting and retrying are bounded)
      session.startTransaction({ maxCommitTimeMS: timeoutMs });
      let result: T;
      try {
        result = await work(session);
      } catch (error) {
        if (session.inTransaction()) await session.abortTransaction().catch(() => undefined);
        if (!isTransientTransactionError(error)) throw error;
        await giveUpOrWait(error);
        continue;
      }
      const committed = await commit(session, deadline);
      if (committed === 'committed') return result;
      await giveUpOrWait(committed.error);
    }
  } finally {
    await session.endSession();
  }
}

/**
 * Commits; retries a commit whose outcome is unknown; tells a failure worth running the work
 * again apart: a transient one, or a unique key that a concurrent transaction committed first
 * (a server that checks unique indexes at commit reports it there; the work, run again, sees
 * the winner and answers as it should, e.g. 409 or the replay of an Idempotency-Key).
 */
async function commit(
  session: ClientSession,
  deadline: number,
): Promise<'committed' | { error: unknown }> {
  for (;;) {
    try {
      await session.commitTransaction();
      return 'committed';
    } catch (error) {
      if (hasLabel(error, 'UnknownTransactionCommitResult') && Date.now() < deadline) continue;
      // an outcome still unknown at the deadline is not "nothing written": it stays an error
      if (isTransientTransactionError(error) || isDuplicateKey(error)) return { error };
      throw error;
    }
  }
}
