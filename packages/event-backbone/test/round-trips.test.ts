// Database commands on the event path, counted by the driver's command monitoring, so that a
// change adding round trips shows here.
import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvent } from '../src/index.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, WIDGET_TOPIC } from './support/test-catalog.js';

describe('database round trips of the event path', () => {
  let env: TestEnvironment;
  const connections: Connection[] = [];

  beforeAll(async () => {
    env = await startEnvironment();
    await env.backbone(await env.connect()).ensureTopics();
  });
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await env?.stop();
  });

  /** A connection whose commands are listed as they start (not mongoose's one-off collection setup). */
  async function monitored(): Promise<{ connection: Connection; commands: string[] }> {
    const connection = await mongoose
      .createConnection(env.mongoUri, {
        dbName: `trips_${randomUUID().slice(0, 8)}`,
        monitorCommands: true,
      })
      .asPromise();
    connections.push(connection);
    const commands: string[] = [];
    connection.getClient().on('commandStarted', ({ commandName, command }) => {
      if (commandName === 'create' || commandName === 'createIndexes') return;
      const collection = command[commandName];
      commands.push(typeof collection === 'string' ? `${commandName} ${collection}` : commandName);
    });
    return { connection, commands };
  }

  it('records a transaction’s events, of any number of keys, with one insert', async () => {
    const { connection, commands } = await monitored();
    const backbone = env.backbone(connection);
    const session = await connection.startSession();
    let recorded: string[] = [];
    await session.withTransaction(async () => {
      await connection.collection('widgets').insertOne({ name: 'w' }, { session });
      const before = commands.length;
      await backbone.outbox.record(
        session,
        ['a', 'b', 'c', 'a', 'b'].map((key, n) => ({
          type: WIDGET_CHANGED,
          aggregateId: key,
          data: { widgetId: key, n },
        })),
      );
      recorded = commands.slice(before);
    });
    await session.endSession();
    expect(recorded).toEqual(['insert outbox_events']);
  });

  it('handles a batch with one read, the handler’s writes, one bulk record and the commit', async () => {
    const { connection, commands } = await monitored();
    const key = `trips-${randomUUID().slice(0, 8)}`;
    const producer = env.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: WIDGET_TOPIC,
      acks: -1,
      messages: Array.from({ length: 20 }, (_, n) =>
        encodeEvent({
          specversion: '1.0',
          id: randomUUID(),
          source: 'urn:shuangchuang:test',
          type: WIDGET_CHANGED,
          subject: key,
          time: new Date().toISOString(),
          datacontenttype: 'application/json',
          data: { widgetId: key, n },
        }),
      ),
    });
    await producer.disconnect();
    const subscription = await env.backbone(connection).subscribe('trips.widget-log', {
      [WIDGET_CHANGED]: {
        async batch(events, { session }) {
          await connection.collection('widget_log').insertMany(
            events.map((event) => ({ n: event.data.n })),
            { session },
          );
        },
      },
    });
    await eventually('the batch handled', () =>
      subscription.stats.handled === 20 ? true : undefined,
    );
    await subscription.stop();
    expect(commands).toEqual([
      'find processed_events',
      'insert widget_log',
      'insert processed_events',
      'commitTransaction',
    ]);
  });
});
