import { randomUUID } from 'node:crypto';
import { mongo, type ClientSession } from 'mongoose';
import type { CatalogIndex } from '../catalog.js';
import { encodeEvent, JSON_CONTENT_TYPE, type CloudEvent } from '../envelope/cloud-event.js';
import { EventDataInvalidError, type SchemaValidator } from '../schema-validator.js';
import { driverCollection, type OutboxEntry, type OutboxModels } from './outbox-models.js';
import { EventTooLargeError, singleEventRequestBytes } from './produce-size.js';

/** Event type → type of its data; services pass `EventDataByType` of @shuangchuang/contracts. */
export type EventTypeMap = Record<string, unknown>;

/** An event a service is about to emit. */
export interface NewEvent<TType extends string = string, TData = unknown> {
  type: TType;
  /** Id of the entity the event is about: `ce_subject` and the message key. */
  aggregateId: string;
  data: TData;
  /** Defaults to a random UUID. */
  id?: string;
  /** Defaults to now. */
  time?: Date;
  /** The request that caused the event (X-Request-Id); overrides the context passed to record(). */
  requestId?: string;
  traceparent?: string;
}

export type NewEventOf<M extends object> = {
  [T in keyof M & string]: NewEvent<T, M[T]>;
}[keyof M & string];

/** Request context carried onto every event recorded in one call. */
export interface RequestContext {
  requestId?: string;
  traceparent?: string;
}

export class NotInTransactionError extends Error {
  constructor() {
    super('outbox.record() must be called inside a MongoDB transaction (session.withTransaction)');
    this.name = 'NotInTransactionError';
  }
}

export interface Outbox<M extends object = EventTypeMap> {
  /**
   * Stores events in the caller's transaction, next to the state change that caused them; the
   * relay publishes them after commit. Validates each event's data against its schema and refuses
   * one too large for the broker (EventTooLargeError). One database command (an insert).
   */
  record(
    session: ClientSession,
    events: readonly NewEventOf<M>[],
    context?: RequestContext,
  ): Promise<CloudEvent[]>;
}

export function createOutbox<M extends object>(deps: {
  models: OutboxModels;
  catalog: CatalogIndex;
  validator: SchemaValidator;
  source: string;
  /** The broker's `message.max.bytes`: a larger event is refused here rather than never sent. */
  messageMaxBytes: number;
  /**
   * Called once a session that recorded events has ended, i.e. after its transaction committed
   * (or aborted: then the relay finds nothing new, which is harmless). Wakes this process's relay.
   */
  onSessionEnded?: () => void;
}): Outbox<M> {
  const { models, catalog, validator, source, messageMaxBytes, onSessionEnded } = deps;
  // Sessions already watched: a transaction retried by withTransaction records again.
  const watched = new WeakSet<ClientSession>();

  return {
    async record(session, events, context = {}) {
      if (!session.inTransaction()) throw new NotInTransactionError();
      if (events.length === 0) return [];
      const cloudEvents = events.map((event): CloudEvent => {
        const entry = catalog.get(event.type);
        const violations = validator.violations(event.type, event.data);
        if (violations) throw new EventDataInvalidError(event.type, violations);
        return {
          specversion: '1.0',
          id: event.id ?? randomUUID(),
          source,
          type: event.type,
          subject: event.aggregateId,
          time: (event.time ?? new Date()).toISOString(),
          datacontenttype: JSON_CONTENT_TYPE,
          dataschema: entry.dataschema,
          data: event.data,
          requestId: event.requestId ?? context.requestId,
          traceparent: event.traceparent ?? context.traceparent,
        };
      });

      const createdAt = new Date();
      const entries = cloudEvents.map((event): OutboxEntry => {
        const topic = catalog.get(event.type).topic;
        const encoded = encodeEvent(event);
        const bytes = singleEventRequestBytes(topic, encoded);
        if (bytes > messageMaxBytes)
          throw new EventTooLargeError(event.type, bytes, messageMaxBytes);
        return {
          _id: event.id,
          // The empty timestamp: the server fills in its clock's next tick (see OutboxEntry.order).
          order: new mongo.Timestamp({ t: 0, i: 0 }),
          type: event.type,
          topic,
          key: encoded.key,
          payload: encoded.value,
          headers: encoded.headers,
          state: 'pending',
          attempts: 0,
          createdAt,
        };
      });
      // Straight to the driver: the entries are built complete above, and mongoose's document
      // building and validation would cost every recording transaction CPU for nothing.
      await driverCollection(models.entries).insertMany(entries, { session });
      if (onSessionEnded && !watched.has(session)) {
        watched.add(session);
        session.once('ended', onSessionEnded);
      }
      return cloudEvents;
    },
  };
}
