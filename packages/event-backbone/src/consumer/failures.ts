// How a handler failure is treated: transient ones are retried until they pass (the partition
// waits, heartbeating), others a few times before the message goes to the dead-letter topic.

/** Throw from a handler when a dependency is briefly unavailable: retried without limit. */
export class TransientError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Throw from a handler when retrying cannot help: the message goes to the dead-letter topic at once. */
export class NonRetriableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NonRetriableError';
  }
}

const MONGO_CONNECTIVITY_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

export function isTransient(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  const candidate = error as { name?: string; hasErrorLabel?: (label: string) => boolean };
  if (candidate?.name && MONGO_CONNECTIVITY_ERRORS.has(candidate.name)) return true;
  return (
    typeof candidate?.hasErrorLabel === 'function' &&
    (candidate.hasErrorLabel('TransientTransactionError') ||
      candidate.hasErrorLabel('UnknownTransactionCommitResult') ||
      candidate.hasErrorLabel('RetryableWriteError'))
  );
}
