import { Schema, type Connection, type Model } from 'mongoose';
import { DEAD_LETTER_RETENTION_MS } from '../dead-letters/dead-letter-topic.js';
import { registeredModel } from '@shuangchuang/mongo-kit';

/** An event a consumer group has handled, written in the same transaction as the handler's effects. */
export interface ProcessedEvent {
  /** `<group>:<event id>`. */
  _id: string;
  group: string;
  eventId: string;
  type: string;
  handledAt: Date;
}

const processedEventSchema = new Schema<ProcessedEvent>(
  {
    _id: { type: String, required: true },
    group: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    handledAt: { type: Date, required: true },
  },
  { versionKey: false },
);
/**
 * How long a handled event's id is remembered: past the longest a message can come back (topics
 * keep 7 days, dead-letter topics 30), so a redelivery or replay still finds it; then MongoDB's
 * TTL monitor deletes the record, keeping the collection from growing with every event forever.
 */
export const PROCESSED_EVENT_RETENTION_SECONDS = DEAD_LETTER_RETENTION_MS / 1000 + 5 * 24 * 3600;
processedEventSchema.index(
  { handledAt: 1 },
  { expireAfterSeconds: PROCESSED_EVENT_RETENTION_SECONDS },
);

export function processedEventModel(connection: Connection): Model<ProcessedEvent> {
  return registeredModel(connection, 'ProcessedEvent', processedEventSchema, 'processed_events');
}

export function processedEventId(group: string, eventId: string): string {
  return `${group}:${eventId}`;
}
