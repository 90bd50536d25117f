import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeEvent, readDeadLetters, type CloudEvent } from '../src/index.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, WIDGET_RETIRED, WIDGET_TOPIC } from './support/test-catalog.js';
import { projections, projectWidgetChanges } from './support/widget-projection.js';
import { recordWidgetRun, widgetId, type WidgetRun } from './support/widgets.js';

function widgetEvent(type: string, widget: string, data: object): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:shuangchuang:test-producer',
    type,
    subject: widget,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

const changed = (widget: string, n: number) =>
  widgetEvent(WIDGET_CHANGED, widget, { widgetId: widget, n });
const retired = (widget: string) => widgetEvent(WIDGET_RETIRED, widget, { widgetId: widget });

describe('a partition batch handled in one transaction', () => {
  let env: TestEnvironment;

  // A broker of its own per test: each subscription reads its topic from the start.
  beforeEach(async () => {
    env = await startEnvironment();
    await env.backbone(await env.connect()).ensureTopics();
  });
  afterEach(() => env?.stop());

  /** Sends the events on one key in one produce request: the consumer fetches them as one batch. */
  async function sendTogether(events: CloudEvent[]): Promise<void> {
    const producer = env.kafka.producer();
    await producer.connect();
    await producer.send({ topic: WIDGET_TOPIC, acks: -1, messages: events.map(encodeEvent) });
    await producer.disconnect();
  }

  const handledIds = (db: Connection, group: string) =>
    db.collection('processed_events').countDocuments({ group });

  it('retries and dead-letters only the failing event in the middle; the others take effect once', async () => {
    const group = 'batch-poison.widget-projector';
    const db = await env.connect();
    let calls = 0;
    await sendTogether(Array.from({ length: 10 }, (_, n) => changed('middle', n)));
    const subscription = await env.backbone(db).subscribe(
      group,
      {
        [WIDGET_CHANGED]: projectWidgetChanges(db, async ({ n }) => {
          calls += 1;
          if (n === 5) throw new Error('cannot project n = 5');
        }),
      },
      { retryBackoff: { initialMs: 10, maxMs: 50 } },
    );
    const letters = await eventually('the failing event dead-lettered', async () => {
      const read = await readDeadLetters(env.kafka, subscription.deadLetterTopic);
      return read.length === 1 ? read : undefined;
    });
    await eventually('the rest handled', async () =>
      (await handledIds(db, group)) === 9 ? true : undefined,
    );
    // The batch went together until n = 5 threw, then event by event: n = 5 three times.
    expect((await projections(db)).get('middle')).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9]);
    expect(letters[0]).toMatchObject({ reason: 'handler-failed', attempts: 3 });
    expect(JSON.parse(letters[0]!.value!)).toEqual({ widgetId: 'middle', n: 5 });
    expect(subscription.stats).toMatchObject({
      handled: 9,
      deadLettered: 1,
      retries: 2,
      batchFallbacks: 1,
    });
    expect(calls).toBe(6 + 10 + 2); // 0–5 together, then each of the ten alone, n = 5 twice more
    await subscription.stop();
  });

  it('keeps each key’s order across many batches and transactions', async () => {
    const group = 'batch-order.widget-projector';
    const emitter = await env.connect();
    const emitting = env.backbone(emitter);
    emitting.startRelay();
    const db = await env.connect();
    const subscription = await env
      .backbone(db)
      .subscribe(
        group,
        { [WIDGET_CHANGED]: projectWidgetChanges(db) },
        { maxEventsPerTransaction: 7 },
      );
    // Recorded while the consumer runs, so its batches come in all sizes.
    const run: WidgetRun = { prefix: 'ordered', widgets: 12, eventsPerWidget: 25 };
    await recordWidgetRun(emitter, emitting, run, 4);
    const total = run.widgets * run.eventsPerWidget;
    await eventually('every event handled', async () =>
      (await db.collection('processed_events').countDocuments({ group })) === total
        ? true
        : undefined,
    );
    const byWidget = await projections(db);
    for (let index = 0; index < run.widgets; index++) {
      expect(byWidget.get(widgetId(run, index))).toEqual(
        Array.from({ length: run.eventsPerWidget }, (_, n) => n),
      );
    }
    // Several events per transaction, at most 7.
    expect(subscription.stats.batches).toBeGreaterThan(0);
    expect(subscription.stats.batches).toBeLessThan(total);
    console.log(
      `${total} events in ${subscription.stats.batches} multi-event transactions ` +
        `(${subscription.stats.handled} handled)`,
    );
    await subscription.stop();
  });

  it('gives a batch-form handler all its events of a batch at once, in order, in the batch’s transaction', async () => {
    const group = 'batch-form.widget-log';
    const db = await env.connect();
    const log: string[] = [];
    const key = `batch-form-${randomUUID().slice(0, 8)}`;
    await sendTogether([
      ...Array.from({ length: 10 }, (_, n) => changed(key, n)),
      retired(key),
      ...Array.from({ length: 10 }, (_, n) => changed(key, 10 + n)),
    ]);
    const subscription = await env.backbone(db).subscribe(group, {
      [WIDGET_CHANGED]: {
        async batch(events, { session }) {
          log.push(`changed ×${events.length}`);
          await db.collection('widget_log').insertMany(
            events.map((event) => ({ key: event.subject, n: event.data.n })),
            { session },
          );
        },
      },
      [WIDGET_RETIRED]: async (event, { session }) => {
        log.push('retired');
        await db
          .collection('widget_log')
          .insertOne({ key: event.subject, retired: true }, { session });
      },
    });
    await eventually('every event handled', async () =>
      (await handledIds(db, group)) === 21 ? true : undefined,
    );
    // One call with all twenty, where the first of them stands; the retired event after it.
    expect(log).toEqual(['changed ×20', 'retired']);
    const written = await db
      .collection('widget_log')
      .find({ n: { $exists: true } })
      .toArray();
    expect(written.map((doc) => doc.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(subscription.stats).toMatchObject({ handled: 21, batches: 1, batchFallbacks: 0 });
    await subscription.stop();
  });

  it('calls a failing batch-form handler one event at a time, so one bad event is set aside', async () => {
    const group = 'batch-form-poison.widget-log';
    const db = await env.connect();
    const sizes: number[] = [];
    const key = `batch-form-poison-${randomUUID().slice(0, 8)}`;
    await sendTogether(Array.from({ length: 8 }, (_, n) => changed(key, n)));
    const subscription = await env.backbone(db).subscribe(
      group,
      {
        [WIDGET_CHANGED]: {
          async batch(events, { session }) {
            sizes.push(events.length);
            if (events.some((event) => event.data.n === 3)) throw new Error('n = 3 is bad');
            await db.collection('widget_log_2').insertMany(
              events.map((event) => ({ n: event.data.n })),
              { session },
            );
          },
        },
      },
      { retryBackoff: { initialMs: 10, maxMs: 50 } },
    );
    await eventually('the good events handled', async () =>
      (await handledIds(db, group)) === 7 ? true : undefined,
    );
    await eventually('the bad one dead-lettered', () =>
      subscription.stats.deadLettered === 1 ? true : undefined,
    );
    expect(sizes[0]).toBe(8);
    expect(sizes.slice(1).every((size) => size === 1)).toBe(true);
    const written = await db.collection('widget_log_2').find().toArray();
    expect(written.map((doc) => doc.n)).toEqual([0, 1, 2, 4, 5, 6, 7]);
    await subscription.stop();
  });
});
