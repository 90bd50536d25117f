import type { Document } from 'bson';
import { CommandError } from '../errors.js';

/** What a command meets when the failCommand fail point fires for it. */
export interface Failure {
  blockTimeMS?: number;
  closeConnection: boolean;
  /** An error reply to send instead of running the command. */
  error?: Document;
  /** A writeConcernError to add to the command's own reply. */
  writeConcernError?: Document;
  /** The labels the fail point names; absent, the server labels as it would. */
  errorLabels?: string[];
}

/**
 * mongod's `failCommand` fail point (a test command, there only with `enableTestCommands`):
 * commands named in `data.failCommands` fail with `errorCode`, get a `writeConcernError`, close
 * the connection or block, `times` times, after `skip`, or always, optionally only for one
 * `appName`.
 */
export class FailPoints {
  private failCommand?: { data: Document; times?: number; skip: number };

  configure(command: Document): Document {
    if (command.configureFailPoint !== 'failCommand')
      throw new CommandError(
        2,
        `Cannot find fail point ${String(command.configureFailPoint)}`,
        'BadValue',
      );
    const mode = command.mode;
    if (mode === 'off') {
      this.failCommand = undefined;
      return { count: 0, ok: 1 };
    }
    const data = (command.data as Document | undefined) ?? {};
    if (!Array.isArray(data.failCommands))
      throw new CommandError(2, 'failCommand fail point needs data.failCommands', 'BadValue');
    if (mode === 'alwaysOn') this.failCommand = { data, skip: 0 };
    else if (mode && typeof mode === 'object' && (mode as Document).times !== undefined)
      this.failCommand = { data, times: Number((mode as Document).times), skip: 0 };
    else if (mode && typeof mode === 'object' && (mode as Document).skip !== undefined)
      this.failCommand = { data, skip: Number((mode as Document).skip) };
    else
      throw new CommandError(
        2,
        'fail point mode must be alwaysOn, off, {times} or {skip}',
        'BadValue',
      );
    return { count: 0, ok: 1 };
  }

  /** The failure a command meets now, if the fail point fires for it (counting it). */
  failureFor(name: string, appName: string | undefined): Failure | undefined {
    const point = this.failCommand;
    if (!point || !(point.data.failCommands as string[]).includes(name)) return undefined;
    if (typeof point.data.appName === 'string' && point.data.appName !== appName) return undefined;
    if (point.skip > 0) {
      point.skip--;
      return undefined;
    }
    if (point.times !== undefined) {
      if (point.times <= 0) return undefined;
      if (--point.times === 0) this.failCommand = undefined;
    }
    const { data } = point;
    const failure: Failure = {
      closeConnection: data.closeConnection === true,
      blockTimeMS: data.blockConnection === true ? Number(data.blockTimeMS ?? 0) : undefined,
    };
    const labels = Array.isArray(data.errorLabels) ? (data.errorLabels as string[]) : undefined;
    if (data.errorCode !== undefined) {
      const code = Number(data.errorCode);
      const error: Document = {
        ok: 0,
        errmsg: "Failing command via 'failCommand' failpoint",
        code,
        codeName: CODE_NAMES[code] ?? `Location${code}`,
      };
      failure.error = error;
    } else if (data.writeConcernError) {
      failure.writeConcernError = data.writeConcernError as Document;
    }
    failure.errorLabels = labels;
    return failure;
  }
}

const CODE_NAMES: Record<number, string> = {
  2: 'BadValue',
  6: 'HostUnreachable',
  7: 'HostNotFound',
  11: 'UserNotFound',
  24: 'LockTimeout',
  50: 'MaxTimeMSExpired',
  64: 'WriteConcernFailed',
  89: 'NetworkTimeout',
  91: 'ShutdownInProgress',
  100: 'UnsatisfiableWriteConcern',
  112: 'WriteConflict',
  189: 'PrimarySteppedDown',
  251: 'NoSuchTransaction',
  262: 'ExceededTimeLimit',
  9001: 'SocketException',
  10107: 'NotWritablePrimary',
  11600: 'InterruptedAtShutdown',
  11601: 'Interrupted',
  11602: 'InterruptedDueToReplStateChange',
  13435: 'NotPrimaryNoSecondaryOk',
  13436: 'NotPrimaryOrSecondary',
};
