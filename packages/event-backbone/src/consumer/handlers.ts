// What a subscription calls: one handler per event type, in one of two forms.
import type { ClientSession } from 'mongoose';
import type { CloudEvent } from '../envelope/cloud-event.js';
import type { EventTypeMap } from '../outbox/outbox.js';

export interface HandlerContext {
  /**
   * The transaction the handler's writes must use; the event's id is recorded in it too. Other
   * events of the same batch may be handled in it as well: their writes are visible to this one.
   */
  session: ClientSession;
  topic: string;
  partition: number;
  offset: string;
  /** 1 on the first try. */
  attempt: number;
}

export type EventHandler<TData = unknown> = (
  event: CloudEvent<TData>,
  context: HandlerContext,
) => Promise<void>;

export interface BatchHandlerContext {
  /** The transaction the handler's writes must use; the events' ids are recorded in it too. */
  session: ClientSession;
  topic: string;
  partition: number;
  /** 1 on the first try. */
  attempt: number;
}

/**
 * The batch form: receives every new event of its type in a partition's batch at once, in
 * partition order (e.g. to write all inbox messages with one insertMany). It is called where the
 * first of them stands among the batch's other events. If it throws, the batch is retried event
 * by event, and it is then called with one event at a time.
 */
export interface BatchEventHandler<TData = unknown> {
  batch(events: CloudEvent<TData>[], context: BatchHandlerContext): Promise<void>;
}

/** One handler per event type; types not listed are skipped on the subscribed topics. */
export type EventHandlers<M extends object = EventTypeMap> = {
  [T in keyof M & string]?: EventHandler<M[T]> | BatchEventHandler<M[T]>;
};

export type AnyEventHandler = EventHandler | BatchEventHandler;

export function isBatchHandler(handler: AnyEventHandler): handler is BatchEventHandler {
  return typeof handler === 'object' && typeof handler.batch === 'function';
}

/** What `inPartitionOrder` calls for one event, in the batch's transaction. */
export type OrderedEventHandler<TData> = (
  event: CloudEvent<TData>,
  session: ClientSession,
) => Promise<void>;

/**
 * Several event types handled in the batch form by one handler, each event by its type's
 * function in partition order (e.g. a read model's created, updated and retired events of an
 * aggregate, whose order matters), all in the batch's one transaction.
 */
export function inPartitionOrder<M extends object>(handlers: {
  [T in keyof M & string]?: OrderedEventHandler<M[T]>;
}): EventHandlers<M> {
  const byType = handlers as Record<string, OrderedEventHandler<unknown> | undefined>;
  const ordered: BatchEventHandler = {
    async batch(events, { session }) {
      for (const event of events) await byType[event.type]?.(event, session);
    },
  };
  return Object.fromEntries(
    Object.keys(handlers).map((type) => [type, ordered]),
  ) as EventHandlers<M>;
}
