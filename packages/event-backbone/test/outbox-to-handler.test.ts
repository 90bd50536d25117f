import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotInTransactionError, EventDataInvalidError, type CloudEvent } from '../src/index.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, WIDGET_RETIRED, type WidgetChanged } from './support/test-catalog.js';

describe('outbox → relay → Kafka → subscribed handler', () => {
  let env: TestEnvironment;
  let connection: Connection;

  beforeAll(async () => {
    env = await startEnvironment();
    connection = await env.connect();
  });
  afterAll(() => env?.stop());

  it('delivers events recorded in a committed transaction, with their envelope and context', async () => {
    const backbone = env.backbone(connection);
    expect(await backbone.ensureTopics()).toEqual(['test.widget.v1']);
    expect(await backbone.ensureTopics()).toEqual([]);

    const widgets = connection.collection('widgets');
    const received: CloudEvent<WidgetChanged>[] = [];
    const subscription = await backbone.subscribe('smoke.widget-watcher', {
      [WIDGET_CHANGED]: async (event, { session }) => {
        received.push(event);
        await connection
          .collection('widget_views')
          .updateOne(
            { _id: event.subject as never },
            { $set: { n: event.data.n } },
            { upsert: true, session },
          );
      },
    });
    backbone.startRelay();

    const session = await connection.startSession();
    await session.withTransaction(async () => {
      await widgets.insertOne({ name: 'w-1' }, { session });
      await backbone.outbox.record(
        session,
        [
          { type: WIDGET_CHANGED, aggregateId: 'w-1', data: { widgetId: 'w-1', n: 0 } },
          { type: WIDGET_CHANGED, aggregateId: 'w-1', data: { widgetId: 'w-1', n: 1 } },
          { type: WIDGET_RETIRED, aggregateId: 'w-1', data: { widgetId: 'w-1' } },
        ],
        {
          requestId: 'req-42',
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        },
      );
    });
    await session.endSession();

    await eventually('both widget.changed events projected', async () =>
      (await connection.collection('widget_views').findOne({ _id: 'w-1' as never }))?.n === 1
        ? true
        : undefined,
    );
    expect(received.map((event) => event.data.n)).toEqual([0, 1]);
    expect(received[0]).toMatchObject({
      source: 'urn:shuangchuang:test-service',
      type: WIDGET_CHANGED,
      subject: 'w-1',
      requestId: 'req-42',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      dataschema: 'https://schemas.shuangchuang.dev/test/widget.changed.v1.json',
    });
    expect(
      await connection.collection('widget_views').findOne({ _id: 'w-1' as never }),
    ).toMatchObject({ n: 1 });
    expect(
      await connection
        .collection('processed_events')
        .countDocuments({ group: 'smoke.widget-watcher' }),
    ).toBe(2);
    await eventually('retired event skipped (no handler)', () =>
      subscription.stats.skipped === 1 ? true : undefined,
    );
    expect(await connection.collection('outbox_events').distinct('state')).toEqual(['published']);
  });

  it('refuses to record outside a transaction or with data that breaks the schema', async () => {
    const backbone = env.backbone(connection);
    const session = await connection.startSession();
    try {
      await expect(
        backbone.outbox.record(session, [
          { type: WIDGET_CHANGED, aggregateId: 'w-2', data: { widgetId: 'w-2', n: 0 } },
        ]),
      ).rejects.toThrow(NotInTransactionError);
      await expect(
        session.withTransaction(() =>
          backbone.outbox.record(session, [
            { type: WIDGET_CHANGED, aggregateId: 'w-2', data: { widgetId: 'w-2', n: -5 } },
          ]),
        ),
      ).rejects.toThrow(EventDataInvalidError);
    } finally {
      await session.endSession();
    }
    expect(await connection.collection('outbox_events').countDocuments({ key: 'w-2' })).toBe(0);
  });
});
