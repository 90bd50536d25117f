// MongoDB command errors, shared by the storage, query and command layers.
import type { Document } from 'bson';

/** A command failure as MongoDB reports it: { ok: 0, errmsg, code, codeName, ...extra }. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly codeName: string,
    readonly extra: Document = {},
    readonly labels: string[] = [],
  ) {
    super(message);
  }

  toReply(): Document {
    const reply: Document = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...this.extra,
    };
    if (this.labels.length > 0) reply.errorLabels = this.labels;
    return reply;
  }
}

export const commandNotFound = (name: string) =>
  new CommandError(59, `no such command: '${name}'`, 'CommandNotFound');

export const badValue = (message: string) => new CommandError(2, message, 'BadValue');

export const namespaceNotFound = (ns: string) =>
  new CommandError(26, `ns does not exist: ${ns}`, 'NamespaceNotFound');

export const writeConflict = () =>
  new CommandError(
    112,
    'WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction.',
    'WriteConflict',
    {},
    ['TransientTransactionError'],
  );
