import { CommandError } from '../errors.js';
import type { DataView } from '../storage/view.js';

/** Refuses a command mongod does not run inside a multi-document transaction. */
export function notInTransaction(command: string, view: DataView): void {
  if (!view.txn) return;
  throw new CommandError(
    263,
    `Cannot run '${command}' in a multi-document transaction.`,
    'OperationNotSupportedInTransaction',
  );
}
