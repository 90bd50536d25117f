import { topicDeclarations } from '@shuangchuang/contracts';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventDataInvalidError, NotInTransactionError } from '../src/index.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  CARRIER_RETIRED,
  carrierRetired,
  HONOR_AWARDED,
  honorAwarded,
} from './support/registry-events.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('outbox → relay → Kafka → subscribed handler, over the published catalog', () => {
  let env: TestEnvironment;
  let registryDb: Connection;
  let notificationDb: Connection;

  beforeAll(async () => {
    env = await startEnvironment();
    registryDb = await env.connect();
    notificationDb = await env.connect();
  });
  afterAll(() => env?.stop());

  it('creates the declared topics once', async () => {
    const backbone = env.registryBackbone(registryDb);
    expect((await backbone.ensureTopics()).sort()).toEqual(
      topicDeclarations.map((topic) => topic.name).sort(),
    );
    expect(await backbone.ensureTopics()).toEqual([]);
  });

  it('delivers events recorded in a committed transaction, with their envelope and request context', async () => {
    const registry = env.registryBackbone(registryDb);
    registry.startRelay();
    const notification = env.registryBackbone(notificationDb);
    const received: { type: string; requestId?: string; traceparent?: string }[] = [];
    const subscription = await notification.subscribe('notification.registry-events', {
      [HONOR_AWARDED]: async (event, { session }) => {
        received.push(event);
        await notificationDb
          .collection<{ _id: string; versions: number[] }>('carrier_honors')
          .updateOne(
            { _id: event.subject },
            { $push: { versions: event.data.version } },
            { upsert: true, session },
          );
      },
    });

    const session = await registryDb.startSession();
    await session.withTransaction(async () => {
      await registryDb.collection('carriers').insertOne({ _id: 'c-1' as never }, { session });
      await registry.outbox.record(
        session,
        [
          { type: HONOR_AWARDED, aggregateId: 'c-1', data: honorAwarded('c-1', 2) },
          { type: HONOR_AWARDED, aggregateId: 'c-1', data: honorAwarded('c-1', 3) },
          { type: CARRIER_RETIRED, aggregateId: 'c-1', data: carrierRetired('c-1', 4) },
        ],
        { requestId: 'req-42', traceparent: TRACEPARENT },
      );
    });
    await session.endSession();

    const projected = await eventually('both honors projected', async () => {
      const doc = await notificationDb
        .collection('carrier_honors')
        .findOne({ _id: 'c-1' as never });
      return doc?.versions?.length === 2 ? doc : undefined;
    });
    expect(projected.versions).toEqual([2, 3]);
    expect(received[0]).toMatchObject({
      source: 'urn:shuangchuang:registry',
      type: HONOR_AWARDED,
      subject: 'c-1',
      requestId: 'req-42',
      traceparent: TRACEPARENT,
      dataschema: `https://schemas.shuangchuang.dev/events/${HONOR_AWARDED}.json`,
    });
    expect(
      await notificationDb
        .collection('processed_events')
        .countDocuments({ group: 'notification.registry-events' }),
    ).toBe(2);
    await eventually('the retired event skipped (no handler)', () =>
      subscription.stats.skipped === 1 ? true : undefined,
    );
    expect(await registryDb.collection('outbox_events').distinct('state')).toEqual(['published']);
  });

  it('refuses to record outside a transaction or with data that breaks the schema', async () => {
    const registry = env.registryBackbone(registryDb);
    const session = await registryDb.startSession();
    try {
      await expect(
        registry.outbox.record(session, [
          { type: HONOR_AWARDED, aggregateId: 'c-2', data: honorAwarded('c-2', 1) },
        ]),
      ).rejects.toThrow(NotInTransactionError);
      await expect(
        session.withTransaction(() =>
          registry.outbox.record(session, [
            { type: HONOR_AWARDED, aggregateId: 'c-2', data: honorAwarded('c-2', 0) },
          ]),
        ),
      ).rejects.toThrow(EventDataInvalidError);
    } finally {
      await session.endSession();
    }
    expect(await registryDb.collection('outbox_events').countDocuments({ key: 'c-2' })).toBe(0);
  });
});
