import {
  inTransaction,
  isDuplicateKey,
  isTransientTransactionError,
  registeredModel,
  TransactionBusyError,
  type TransactionOptions,
} from '@shuangchuang/mongo-kit';
import { Schema, type ClientSession, type Connection, type Model } from 'mongoose';
import { Counter, Registry } from 'prom-client';
import { IdempotencyKeyReusedProblem } from '../http/idempotency-key.js';
import { ProblemError } from '../http/problem.js';
import { idempotencyKeyOf } from './idempotency-key-header.js';

/** A request done under an Idempotency-Key: what a retry of it is answered with. */
export interface IdempotentRequestDocument {
  /** scope and key */
  _id: string;
  scope: string;
  /** of the request: the same key with another request is refused */
  fingerprint: string;
  /** what the work returned (status and body, or what the caller rebuilds them from) */
  answer: unknown;
  /** wall-clock time it was stored; the record expires `retainForSeconds` later */
  storedAt: Date;
}

/**
 * An Idempotency-Key kept on the document its request wrote (see `idempotentlyKept`), where the
 * kit's own collection would cost a lookup before the transaction and an insert in it.
 */
export interface KeptRequestKey {
  /** scope and key, as in the kit's collection */
  id: string;
  fingerprint: string;
  storedAt: Date;
}

/**
 * What the work of `idempotentlyKept` did: its change, written with the key; or, when its read
 * found a document already holding the key, nothing (`earlier` is that key: this is a retry, or
 * the key reused for another request), answered from what it read.
 */
export type KeptKeyWork<T> =
  { answer: T } | { answer: T; earlier: Pick<KeptRequestKey, 'fingerprint'> };

/** A store's unique index on kept keys refused the key: a concurrent twin committed it first. */
export class KeptKeyTakenError extends Error {
  constructor() {
    super('the Idempotency-Key was stored by a concurrent request');
    this.name = 'KeptKeyTakenError';
  }
}

export interface IdempotencyOptions {
  /** default `idempotent_requests` */
  collection?: string;
  /** how long a key is remembered; default 24 h (the draft leaves it to the server) */
  retainForSeconds?: number;
  /** the business transaction's retry budget (mongo-kit inTransaction) */
  transaction?: TransactionOptions;
  /** where `idempotency_replays_total` is counted (the service's /metrics registry) */
  metrics?: Registry;
}

export interface IdempotentOutcome<T> {
  answer: T;
  /** true when this request is a retry answered with what the first one did */
  replayed: boolean;
}

export interface Idempotency {
  /**
   * Runs `work` once per (scope, Idempotency-Key): the key is recorded with the work's answer in
   * the same transaction as the work's writes, so there is nothing to claim, release or abandon.
   * A retry of the same request gets the stored answer (`replayed`); the same key with another
   * request (fingerprint) is 422; a retry while the first is still running waits for it, within
   * the transaction's budget, then is 409 with Retry-After.
   * `scope` separates keys of different callers and operations (e.g. `${userId}|createDraft`).
   * `header` is the raw `Idempotency-Key` (validated here: 400 unless 1–255 printable ASCII).
   * `answer` must be storable in MongoDB (plain data).
   */
  idempotently<T>(
    scope: string,
    header: string | undefined,
    fingerprint: string,
    work: (session: ClientSession) => Promise<T>,
  ): Promise<IdempotentOutcome<T>>;
  /**
   * `idempotently` with the key kept on the document the work writes: one transaction, no
   * command of its own. `work` reads, with what it needs anyway, any document holding `key.id`; if
   * there is one it writes nothing and answers `{ answer, earlier }` (a retry is replayed; the same
   * key with another request is 422); else it writes `key` with its change, where a unique index on
   * the kept ids refuses a concurrent twin (throw KeptKeyTakenError: the work runs once more and
   * finds the twin's key, or the request is 409 while the twin is still running). Kept keys live
   * as long as their document, not `retainForSeconds`.
   */
  idempotentlyKept<T>(
    scope: string,
    header: string | undefined,
    fingerprint: string,
    work: (session: ClientSession, key: KeptRequestKey) => Promise<KeptKeyWork<T>>,
  ): Promise<IdempotentOutcome<T>>;
  /** Forgets every key whose scope starts with `prefix` (e.g. a user's, on account deletion). */
  forget(prefix: string, session?: ClientSession): Promise<void>;
  /** The collection, for prepareCollections at start-up. */
  readonly model: Model<IdempotentRequestDocument>;
}

/** A concurrent request with the same key committed first (its insert won). */
class KeyTakenMeanwhile extends Error {}

export class IdempotentRequestInProgressProblem extends ProblemError {
  constructor() {
    super({
      status: 409,
      slug: 'idempotent-request-in-progress',
      title: 'Conflict',
      detail: 'a request with this Idempotency-Key is still being processed; retry shortly',
      headers: { 'Retry-After': '1' },
    });
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Idempotency-Key mechanism of one service's database. */
export function createIdempotency(
  connection: Connection,
  {
    collection = 'idempotent_requests',
    retainForSeconds = 24 * 60 * 60,
    transaction,
    metrics = new Registry(),
  }: IdempotencyOptions = {},
): Idempotency {
  const replays = new Counter({
    name: 'idempotency_replays_total',
    help: 'Requests answered with the stored answer of an earlier request under the same Idempotency-Key',
    registers: [metrics],
  });
  const modelName = `IdempotentRequest:${collection}`;
  const schema = new Schema<IdempotentRequestDocument>(
    {
      _id: { type: String, required: true },
      scope: { type: String, required: true },
      fingerprint: { type: String, required: true },
      answer: { type: Schema.Types.Mixed },
      storedAt: { type: Date, required: true },
    },
    { collection, versionKey: false, autoIndex: false, minimize: false },
  );
  schema.index({ storedAt: 1 }, { expireAfterSeconds: retainForSeconds });
  schema.index({ scope: 1 });
  const model = registeredModel(connection, modelName, schema);
  // Straight to the driver: one lookup and one insert, with no document building around them.
  const records = model.collection;

  async function stored(id: string, session?: ClientSession) {
    return (await records.findOne({ _id: id } as never, {
      session,
      projection: { fingerprint: 1, answer: 1 },
    })) as Pick<IdempotentRequestDocument, 'fingerprint' | 'answer'> | null;
  }

  function replay<T>(
    record: Pick<IdempotentRequestDocument, 'fingerprint' | 'answer'>,
    fingerprint: string,
  ): IdempotentOutcome<T> {
    if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedProblem();
    replays.inc();
    return { answer: record.answer as T, replayed: true };
  }

  return {
    model,

    async idempotently(scope, header, fingerprint, work) {
      const key = idempotencyKeyOf(header);
      const id = `${scope}\n${key}`;
      const earlier = await stored(id);
      if (earlier) return replay(earlier, fingerprint);

      let attempts = 0;
      let keyContended = false;
      try {
        return await inTransaction(
          connection,
          async (session) => {
            // A retry of the transaction may find that a concurrent twin has committed meanwhile.
            if (attempts++ > 0) {
              const twin = await stored(id, session);
              if (twin) return replay(twin, fingerprint);
            }
            const answer = await work(session);
            try {
              await records.insertOne(
                { _id: id, scope, fingerprint, answer, storedAt: new Date() } as never,
                { session },
              );
            } catch (error) {
              if (isDuplicateKey(error)) throw new KeyTakenMeanwhile();
              if (isTransientTransactionError(error)) keyContended = true;
              throw error;
            }
            return { answer, replayed: false };
          },
          transaction,
        );
      } catch (error) {
        if (error instanceof IdempotencyKeyReusedProblem) throw error;
        // Whatever failed, a twin that committed meanwhile (it may be why this one failed, e.g.
        // the application it submitted is no longer a draft) makes this request a retry of it.
        const twin = await stored(id).catch(() => null);
        if (twin) return replay(twin, fingerprint);
        if (error instanceof KeyTakenMeanwhile) throw new IdempotentRequestInProgressProblem();
        if (error instanceof TransactionBusyError && keyContended) {
          throw new IdempotentRequestInProgressProblem();
        }
        throw error;
      }
    },

    async idempotentlyKept(scope, header, fingerprint, work) {
      const key = {
        id: `${scope}\n${idempotencyKeyOf(header)}`,
        fingerprint,
        storedAt: new Date(),
      };
      const attempt = () => inTransaction(connection, (session) => work(session, key), transaction);
      let done: Awaited<ReturnType<typeof attempt>>;
      try {
        done = await attempt();
      } catch (error) {
        if (!(error instanceof KeptKeyTakenError)) throw error;
        // the twin committed after this one read: read again, now finding its key
        done = await attempt().catch((again: unknown) => {
          throw again instanceof KeptKeyTakenError
            ? new IdempotentRequestInProgressProblem()
            : again;
        });
      }
      if ('earlier' in done) {
        return replay({ fingerprint: done.earlier.fingerprint, answer: done.answer }, fingerprint);
      }
      return { answer: done.answer, replayed: false };
    },

    async forget(prefix, session) {
      await records.deleteMany(
        { scope: { $regex: `^${escapeRegExp(prefix)}` } } as never,
        session ? { session } : {},
      );
    },
  };
}
