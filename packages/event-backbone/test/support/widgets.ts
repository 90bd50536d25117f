// Writing and reading runs of widget events: many aggregates, each with numbered events n = 0, 1, 2…
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { expect } from 'vitest';
import { decodeEvent, type EventBackbone } from '../../src/index.js';
import {
  WIDGET_CHANGED,
  WIDGET_TOPIC,
  type TestEvents,
  type WidgetChanged,
} from './test-catalog.js';

export interface WidgetRun {
  prefix: string;
  widgets: number;
  eventsPerWidget: number;
}

export const widgetId = (run: WidgetRun, index: number) => `${run.prefix}-${index}`;

/**
 * Records the run as a service would: each transaction changes a few widgets and records one
 * event per widget, rounds in order, so widget w's event n commits after its event n - 1.
 */
export async function recordWidgetRun(
  connection: Connection,
  backbone: EventBackbone<TestEvents>,
  run: WidgetRun,
  widgetsPerTransaction = 5,
): Promise<void> {
  for (let n = 0; n < run.eventsPerWidget; n++) {
    for (let first = 0; first < run.widgets; first += widgetsPerTransaction) {
      const session = await connection.startSession();
      try {
        await session.withTransaction(async () => {
          const events = [];
          const ids = [];
          for (
            let index = first;
            index < Math.min(run.widgets, first + widgetsPerTransaction);
            index++
          ) {
            const id = widgetId(run, index);
            ids.push(id);
            events.push({
              type: WIDGET_CHANGED,
              aggregateId: id,
              data: { widgetId: id, n },
            } as const);
          }
          // The business write the events describe, in the same transaction.
          await connection.collection('widget_changes').insertOne({ ids, n }, { session });
          await backbone.outbox.record(session, events);
        });
      } finally {
        await session.endSession();
      }
    }
  }
}

export interface ReceivedWidgetEvent {
  id: string;
  key: string;
  n: number;
  partition: number;
}

/** Reads the topic from the start, as an independent consumer, until every event of the run is in. */
export async function readWidgetRun(
  kafka: Kafka,
  run: WidgetRun,
  timeoutMs = 60_000,
): Promise<ReceivedWidgetEvent[]> {
  const expected = run.widgets * run.eventsPerWidget;
  const received: ReceivedWidgetEvent[] = [];
  const distinct = new Set<string>();
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [WIDGET_TOPIC], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${distinct.size} of ${expected} events before the timeout`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const event = decodeEvent(message);
            if (!event.subject.startsWith(`${run.prefix}-`)) return;
            const data = event.data as WidgetChanged;
            received.push({ id: event.id, key: event.subject, n: data.n, partition });
            distinct.add(event.id);
            if (distinct.size === expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/**
 * Every event arrived, and per widget the first arrival of each n is in order 0, 1, 2…
 * (redeliveries of earlier events may follow; an event never overtakes one recorded before it).
 * Returns how many duplicates there were.
 */
export function expectCompleteAndOrderedPerWidget(
  run: WidgetRun,
  received: ReceivedWidgetEvent[],
): number {
  const firstArrivals = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const event of received) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const arrivals = firstArrivals.get(event.key) ?? [];
    arrivals.push(event.n);
    firstArrivals.set(event.key, arrivals);
  }
  const inOrder = Array.from({ length: run.eventsPerWidget }, (_, n) => n);
  for (let index = 0; index < run.widgets; index++) {
    expect(firstArrivals.get(widgetId(run, index)), `order of ${widgetId(run, index)}`).toEqual(
      inOrder,
    );
  }
  return received.length - seen.size;
}
