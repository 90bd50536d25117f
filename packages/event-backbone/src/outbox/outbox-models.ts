import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import { registeredModel } from '@shuangchuang/mongo-kit';

/**
 * `pending → published`; `failed`: the last attempt failed and will be retried; `rejected`: the
 * event can never be sent (larger than the broker accepts) and is left for an operator.
 * `in_progress` is no longer written (entries of older versions may still hold it).
 */
export type OutboxState = 'pending' | 'in_progress' | 'published' | 'failed' | 'rejected';

/** States the relay still has to publish. */
export const UNPUBLISHED_STATES: OutboxState[] = ['pending', 'in_progress', 'failed'];

/** One outgoing event, stored in the same transaction as the state change that caused it. */
export interface OutboxEntry {
  /** The event id (`ce_id`); unique by construction. */
  _id: string;
  type: string;
  topic: string;
  key: string;
  /** The message value exactly as it goes on the wire (JSON of the event's data). */
  payload: string;
  headers: Record<string, string>;
  state: OutboxState;
  attempts: number;
  createdAt: Date;
  /**
   * The database's timestamp of the insert: written as the empty timestamp, which the server
   * replaces with its clock's next tick (unique, increasing across every writer of the database).
   * The relay publishes in this order; see the README for why it keeps each key's order.
   */
  order: mongo.Timestamp;
  /** Position among a key's events, written by versions that kept a per-key counter. */
  sequence?: number;
  publishedAt?: Date;
  lastError?: string;
}

const outboxEntrySchema = new Schema<OutboxEntry>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    topic: { type: String, required: true },
    key: { type: String, required: true },
    payload: { type: String, required: true },
    headers: { type: Schema.Types.Mixed, required: true },
    state: {
      type: String,
      enum: ['pending', 'in_progress', 'published', 'failed', 'rejected'],
      required: true,
    },
    attempts: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    order: { type: Schema.Types.Mixed, required: true },
    sequence: Number,
    publishedAt: Date,
    lastError: String,
  },
  { versionKey: false, minimize: false },
);
// Entries of older versions have no `order` (it sorts first) and are ordered by createdAt, sequence.
outboxEntrySchema.index({ state: 1, order: 1, createdAt: 1, sequence: 1 });
/** Published entries serve only diagnosis after a while; MongoDB's TTL monitor deletes them. */
export const PUBLISHED_OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;
outboxEntrySchema.index(
  { publishedAt: 1 },
  {
    expireAfterSeconds: PUBLISHED_OUTBOX_RETENTION_SECONDS,
    partialFilterExpression: { state: 'published' },
  },
);

/** At most one relay per service publishes at a time; the lease says which. */
export interface RelayLease {
  _id: string;
  owner: string;
  expiresAt: Date;
}

const relayLeaseSchema = new Schema<RelayLease>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export interface OutboxModels {
  entries: Model<OutboxEntry>;
  leases: Model<RelayLease>;
}

export function outboxModels(connection: Connection): OutboxModels {
  return {
    entries: registeredModel(connection, 'OutboxEntry', outboxEntrySchema, 'outbox_events'),
    leases: registeredModel(
      connection,
      'OutboxRelayLease',
      relayLeaseSchema,
      'outbox_relay_leases',
    ),
  };
}

/** The model's collection through the driver, typed with the model's document (hot paths). */
export function driverCollection<T extends mongo.Document>(model: Model<T>): mongo.Collection<T> {
  return model.collection as unknown as mongo.Collection<T>;
}
