import { infrastructureModeFromEnv } from '@shuangchuang/test-infrastructure';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  PROCESSED_EVENT_RETENTION_SECONDS,
  processedEventModel,
} from '../src/consumer/processed-events.js';
import type { EventBackbone } from '../src/index.js';
import { PUBLISHED_OUTBOX_RETENTION_SECONDS } from '../src/outbox/outbox-models.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, type TestEvents } from './support/test-catalog.js';

const DAY_MS = 24 * 3600 * 1000;
// mongod's TTL monitor runs every 60 s: against a real server, wait for up to two of its passes
const TTL_WAIT_MS = infrastructureModeFromEnv() === 'embedded' ? 30_000 : 130_000;
vi.setConfig({ testTimeout: TTL_WAIT_MS + 30_000 });
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

// The outbox and the processed-event records would otherwise grow with every event for ever.
describe('retention of the outbox and of processed-event records', () => {
  let env: TestEnvironment;
  let connection: Connection;
  let backbone: EventBackbone<TestEvents>;

  beforeAll(async () => {
    // the embedded server's TTL monitor every 50 ms instead of mongod's 60 s
    env = await startEnvironment({ ttlMonitorIntervalMs: 50 });
    connection = await env.connect();
    backbone = env.backbone(connection);
    await backbone.ensureTopics();
  });
  afterAll(() => env?.stop());

  it('declares TTL indexes: published outbox entries after 7 days, handled ids after the dead-letter retention', async () => {
    await connection.model('OutboxEntry').init();
    await processedEventModel(connection).init();
    const outboxTtl = (await connection.collection('outbox_events').indexes()).find(
      (index) => index.expireAfterSeconds !== undefined,
    );
    expect(outboxTtl).toMatchObject({
      key: { publishedAt: 1 },
      expireAfterSeconds: 7 * 24 * 3600,
      partialFilterExpression: { state: 'published' },
    });
    const processedTtl = (await connection.collection('processed_events').indexes()).find(
      (index) => index.expireAfterSeconds !== undefined,
    );
    expect(processedTtl).toMatchObject({ key: { handledAt: 1 } });
    // a redelivery or a dead-letter replay (30 days) must still find the record
    expect(PROCESSED_EVENT_RETENTION_SECONDS).toBeGreaterThan(30 * 24 * 3600);
    expect(processedTtl!.expireAfterSeconds).toBe(PROCESSED_EVENT_RETENTION_SECONDS);
    expect(PUBLISHED_OUTBOX_RETENTION_SECONDS).toBe(outboxTtl!.expireAfterSeconds);
  });

  it('deletes published entries past retention and never an unpublished one', async () => {
    const session = await connection.startSession();
    await session.withTransaction(() =>
      backbone.outbox.record(session, [
        { type: WIDGET_CHANGED, aggregateId: 'old-widget', data: { widgetId: 'old-widget', n: 0 } },
        { type: WIDGET_CHANGED, aggregateId: 'new-widget', data: { widgetId: 'new-widget', n: 0 } },
      ]),
    );
    await session.endSession();
    backbone.startRelay();
    const entries = connection.collection('outbox_events');
    await eventually('both published', async () =>
      (await entries.countDocuments({ state: 'published' })) === 2 ? true : undefined,
    );
    // as if published 8 and 6 days ago; a pending entry, however old, has no publishedAt to expire
    await entries.updateOne({ key: 'old-widget' }, { $set: { publishedAt: daysAgo(8) } });
    await entries.updateOne({ key: 'new-widget' }, { $set: { publishedAt: daysAgo(6) } });
    await entries.insertOne({
      _id: 'stuck' as never,
      state: 'failed',
      key: 'stuck-widget',
      createdAt: daysAgo(60),
      publishedAt: daysAgo(60),
    });
    await eventually(
      'the old published entry deleted',
      async () => ((await entries.countDocuments({ key: 'old-widget' })) === 0 ? true : undefined),
      TTL_WAIT_MS,
    );
    expect(await entries.countDocuments({ key: 'new-widget' })).toBe(1);
    expect(await entries.countDocuments({ _id: 'stuck' as never })).toBe(1);
  });

  it('forgets a handled event id only after the retention', async () => {
    const processed = processedEventModel(connection);
    await processed.insertMany([
      { _id: 'g:old', group: 'g', eventId: 'old', type: 't', handledAt: daysAgo(40) },
      { _id: 'g:recent', group: 'g', eventId: 'recent', type: 't', handledAt: daysAgo(31) },
    ]);
    await eventually(
      'the old record deleted',
      async () => ((await processed.countDocuments({ _id: 'g:old' })) === 0 ? true : undefined),
      TTL_WAIT_MS,
    );
    expect(await processed.countDocuments({ _id: 'g:recent' })).toBe(1);
  });
});
