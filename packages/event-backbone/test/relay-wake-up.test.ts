import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBackbone } from '../src/index.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, type TestEvents } from './support/test-catalog.js';
import { readWidgetRun, type WidgetRun } from './support/widgets.js';

// Far longer than any test here waits: only a wake-up can publish in time.
const POLL_INTERVAL_MS = 10_000;

describe('relay wake-up after a commit in the same process', () => {
  let env: TestEnvironment;
  let connection: Connection;
  let backbone: EventBackbone<TestEvents>;

  beforeAll(async () => {
    env = await startEnvironment();
    connection = await env.connect();
    backbone = env.backbone(connection, {
      relay: { pollIntervalMs: POLL_INTERVAL_MS, leaseTtlMs: 30_000 },
    });
    await backbone.ensureTopics();
    backbone.startRelay();
    // The relay's first round finds the outbox empty; from then on it waits the poll interval.
    await eventually('the relay holding its lease', () =>
      connection
        .collection('outbox_relay_leases')
        .findOne({})
        .then((lease) => lease ?? undefined),
    );
  });
  afterAll(() => env?.stop());

  async function record(widgetId: string, n: number, abort = false): Promise<void> {
    const session = await connection.startSession();
    try {
      await session
        .withTransaction(async () => {
          await backbone.outbox.record(session, [
            { type: WIDGET_CHANGED, aggregateId: widgetId, data: { widgetId, n } },
          ]);
          if (abort) throw new Error('the business write failed');
        })
        .catch((error: Error) => {
          if (!abort) throw error;
        });
    } finally {
      await session.endSession();
    }
  }

  const published = (widgetId: string) =>
    connection.collection('outbox_events').countDocuments({ key: widgetId, state: 'published' });

  it('publishes a recorded event well within the poll interval, and it reaches Kafka', async () => {
    const run: WidgetRun = { prefix: 'wake', widgets: 1, eventsPerWidget: 2 };
    for (let n = 0; n < run.eventsPerWidget; n++) {
      await record('wake-0', n);
      // Half the poll interval: a round the interval started cannot be what published it.
      await eventually(
        `event ${n} published`,
        async () => ((await published('wake-0')) === n + 1 ? true : undefined),
        POLL_INTERVAL_MS / 2,
      );
    }
    const received = await readWidgetRun(env.kafka, run);
    expect(received.map((event) => event.n)).toEqual([0, 1]);
  });

  it('is harmless when the transaction aborts: nothing is published, later commits still wake it', async () => {
    await record('aborted-0', 0, true);
    await record('after-abort-0', 0);
    await eventually(
      'the event after the abort published',
      async () => ((await published('after-abort-0')) === 1 ? true : undefined),
      POLL_INTERVAL_MS / 2,
    );
    expect(await connection.collection('outbox_events').countDocuments({ key: 'aborted-0' })).toBe(
      0,
    );
  });
});
