// The event path's metrics, read as Prometheus scrapes them: the outbox backlog while the relay is
// stopped and after it publishes, handler durations by outcome, dead letters by reason, lag.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent, NonRetriableError } from '../src/index.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, WIDGET_RETIRED, WIDGET_TOPIC } from './support/test-catalog.js';

/** The value of one series of a scrape, or undefined when it is absent. */
async function sample(registry: Registry, series: string): Promise<number | undefined> {
  const text = await registry.metrics();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('event path metrics', () => {
  let env: TestEnvironment;
  let db: Connection;
  let registry: Registry;

  beforeAll(async () => {
    env = await startEnvironment();
    db = await env.connect();
    registry = new Registry();
  });
  afterAll(() => env?.stop());

  it('counts the backlog, publishes, handled and failed events, dead letters and the lag', async () => {
    const backbone = env.backbone(db, { metrics: registry });
    await backbone.ensureTopics();

    // Nothing waits yet.
    expect(await sample(registry, 'outbox_pending_events')).toBe(0);
    expect(await sample(registry, 'outbox_oldest_pending_age_seconds')).toBe(0);

    // Three events recorded while no relay runs: they wait, and the oldest ages.
    const widgets = ['w-a', 'w-b', 'w-fails'];
    const session = await db.startSession();
    await session.withTransaction(() =>
      backbone.outbox.record(
        session,
        widgets.map((widgetId) => ({
          type: WIDGET_CHANGED,
          aggregateId: widgetId,
          data: { widgetId, n: 1 },
        })),
      ),
    );
    await session.endSession();
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the scrape's read reuse
    expect(await sample(registry, 'outbox_pending_events')).toBe(3);
    expect(await sample(registry, 'outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(1);

    // A handler that refuses one widget: two handled, one failed then dead-lettered.
    const group = `metrics.${randomUUID().slice(0, 8)}`;
    await backbone.subscribe(
      group,
      {
        [WIDGET_CHANGED]: async (event) => {
          if (event.data.widgetId === 'w-fails') throw new NonRetriableError('refused');
        },
        [WIDGET_RETIRED]: async () => {},
      },
      { sessionTimeoutMs: 6_000 },
    );
    backbone.startRelay();
    const handled = `event_handler_duration_seconds_count{group="${group}",type="${WIDGET_CHANGED}",outcome="handled"}`;
    await eventually('two handled events', async () =>
      (await sample(registry, handled)) === 2 ? true : undefined,
    );
    await eventually('the dead letter', async () =>
      (await sample(
        registry,
        `dead_lettered_events_total{group="${group}",reason="handler-failed"}`,
      )) === 1
        ? true
        : undefined,
    );
    // The failing event ran its handler once in the batch and once alone (NonRetriableError).
    expect(
      await sample(
        registry,
        `event_handler_duration_seconds_count{group="${group}",type="${WIDGET_CHANGED}",outcome="failed"}`,
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(await sample(registry, 'outbox_published_total')).toBe(3);
    expect(await sample(registry, 'outbox_publish_failures_total')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await sample(registry, 'outbox_pending_events')).toBe(0);
    expect(await sample(registry, 'outbox_oldest_pending_age_seconds')).toBe(0);

    // An undecodable message on the topic: dead-lettered for that reason; the lag of every
    // partition that had messages is 0 once they are handled.
    const producer = env.kafka.producer();
    await producer.connect();
    const poison = encodeEvent({
      specversion: '1.0',
      id: randomUUID(),
      source: 'urn:test',
      type: WIDGET_CHANGED,
      subject: 'w-a',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: {},
    });
    await producer.send({
      topic: WIDGET_TOPIC,
      messages: [{ key: 'w-a', value: 'not json', headers: poison.headers }],
    });
    await producer.disconnect();
    await eventually('the undecodable message dead-lettered', async () =>
      (await sample(
        registry,
        `dead_lettered_events_total{group="${group}",reason="undecodable"}`,
      )) === 1
        ? true
        : undefined,
    );
    const lags = (await registry.metrics())
      .split('\n')
      .filter((line) => line.startsWith(`consumer_lag{group="${group}",topic="${WIDGET_TOPIC}"`));
    expect(lags.length).toBeGreaterThan(0);
    for (const line of lags) expect(line).toMatch(/ 0$/);
  });
});
