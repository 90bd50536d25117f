import type { Document } from 'bson';
import type { Store } from '../storage/store.js';
import type { Dispatcher } from './dispatcher.js';
import type { Logger } from './logger.js';

/** mongod's `ttlMonitorSleepSecs` default: expired documents go within about a minute. */
export const DEFAULT_TTL_MONITOR_INTERVAL_MS = 60_000;

/**
 * Deletes expired documents of TTL indexes, as mongod's TTL monitor does: for each single-field
 * index with `expireAfterSeconds`, the documents whose indexed field holds a date (or an array
 * holding one) older than now minus that many seconds, within the index's partial filter. Runs
 * the deletes as ordinary `delete` commands, so transactions see them as any other write; should
 * one conflict with a running transaction, what is left is deleted on the next pass.
 */
export function startTtlMonitor(
  store: Store,
  dispatcher: Dispatcher,
  log: Logger,
  intervalMs = DEFAULT_TTL_MONITOR_INTERVAL_MS,
): { stop(): Promise<void> } {
  let pass: Promise<void> | undefined;
  const timer = setInterval(() => {
    pass ??= deleteExpired(store, dispatcher, log).finally(() => (pass = undefined));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}

async function deleteExpired(store: Store, dispatcher: Dispatcher, log: Logger): Promise<void> {
  const now = Date.now();
  for (const [db, collections] of store.databases) {
    for (const [name, collection] of collections) {
      for (const spec of collection.indexSpecs()) {
        const fields = Object.keys(spec.key);
        const seconds = Number(spec.expireAfterSeconds);
        if (fields.length !== 1 || !Number.isFinite(seconds) || seconds < 0) continue;
        // $lt on a date matches dates only (BSON type bracketing), as the TTL monitor requires
        const expired: Document = { [fields[0]!]: { $lt: new Date(now - seconds * 1000) } };
        const filter = spec.partialFilterExpression
          ? { $and: [spec.partialFilterExpression, expired] }
          : expired;
        const reply = await dispatcher.internal(
          { delete: name, deletes: [{ q: filter, limit: 0 }] },
          db,
        );
        if (reply.ok !== 1 || reply.writeErrors) {
          log.warn('TTL deletion failed; retried next pass', {
            ns: `${db}.${name}`,
            index: spec.name,
            errmsg: reply.errmsg ?? reply.writeErrors?.[0]?.errmsg,
          });
        } else if (Number(reply.n) > 0) {
          log.debug('TTL deleted expired documents', {
            ns: `${db}.${name}`,
            index: spec.name,
            n: reply.n,
          });
        }
      }
    }
  }
}
