import { Schema, type Connection, type Model } from 'mongoose';
import { registeredModel } from '../registered-model.js';

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

export function processedEventModel(connection: Connection): Model<ProcessedEvent> {
  return registeredModel(connection, 'ProcessedEvent', processedEventSchema, 'processed_events');
}

export function processedEventId(group: string, eventId: string): string {
  return `${group}:${eventId}`;
}
