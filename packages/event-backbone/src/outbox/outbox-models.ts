import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import { registeredModel } from '../registered-model.js';

export type OutboxState = 'pending' | 'in_progress' | 'published' | 'failed';

/** States the relay still has to publish; `failed` means the last attempt failed and will be retried. */
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
  /** Position among the events of the same key; the relay publishes a key's events in this order. */
  sequence: number;
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
      enum: ['pending', 'in_progress', 'published', 'failed'],
      required: true,
    },
    attempts: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    sequence: { type: Number, required: true },
    publishedAt: Date,
    lastError: String,
  },
  { versionKey: false, minimize: false },
);
outboxEntrySchema.index({ state: 1, createdAt: 1, sequence: 1 });
/** Published entries serve only diagnosis after a while; MongoDB's TTL monitor deletes them. */
export const PUBLISHED_OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;
outboxEntrySchema.index(
  { publishedAt: 1 },
  {
    expireAfterSeconds: PUBLISHED_OUTBOX_RETENTION_SECONDS,
    partialFilterExpression: { state: 'published' },
  },
);

/** Per-key counter giving each event its sequence and a createdAt that never goes backwards. */
export interface OutboxKeySequence {
  _id: string;
  sequence: number;
  lastCreatedAt: Date;
}

const outboxKeySequenceSchema = new Schema<OutboxKeySequence>(
  {
    _id: { type: String, required: true },
    sequence: { type: Number, required: true },
    lastCreatedAt: { type: Date, required: true },
  },
  { versionKey: false },
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
  sequences: Model<OutboxKeySequence>;
  leases: Model<RelayLease>;
}

export function outboxModels(connection: Connection): OutboxModels {
  return {
    entries: registeredModel(connection, 'OutboxEntry', outboxEntrySchema, 'outbox_events'),
    sequences: registeredModel(
      connection,
      'OutboxKeySequence',
      outboxKeySequenceSchema,
      'outbox_sequences',
    ),
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
