import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { uniqueName } from '@shuangchuang/test-infrastructure';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeEvent,
  readDeadLetters,
  TransientError,
  type CloudEvent,
  type Subscription,
} from '../src/index.js';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import { WIDGET_CHANGED, WIDGET_TOPIC } from './support/test-catalog.js';
import { projections, projectWidgetChanges } from './support/widget-projection.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The event-dlq command, as an operator runs it. */
async function eventDlq(...args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'src/cli/event-dlq.ts', ...args],
    {
      cwd: packageDir,
      timeout: 60_000,
    },
  );
  return stdout;
}

function widgetEvent(widgetId: string, data: unknown): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:shuangchuang:buggy-producer',
    type: WIDGET_CHANGED,
    subject: widgetId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

describe('poison messages, dead letters and replay', () => {
  let env: TestEnvironment;
  let consumerDb: Connection;

  beforeAll(async () => {
    env = await startEnvironment();
    consumerDb = await env.connect();
    await env.backbone(consumerDb).ensureTopics();
  });
  afterAll(() => env?.stop());

  it('sets poison aside, handles what follows on the same partition, and replays it once fixed', async () => {
    const group = uniqueName('poison.widget-projector');
    let handlerFixed = false;
    let transientFailuresLeft = 2;
    const subscription: Subscription = await env.backbone(consumerDb).subscribe(
      group,
      {
        [WIDGET_CHANGED]: projectWidgetChanges(consumerDb, async ({ n }) => {
          if (n === 3 && !handlerFixed) throw new Error('cannot project n = 3 (bug)');
          if (n === 5 && transientFailuresLeft-- > 0) throw new TransientError('index rebuilding');
        }),
      },
      { maxAttempts: 3, retryBackoff: { initialMs: 20, maxMs: 100 } },
    );

    // A producer that does not use the outbox sends, on one key (one partition): good events, an
    // event its handler cannot process, one breaking the schema, and bytes that are no CloudEvent.
    const producer = env.kafka.producer();
    await producer.connect();
    const send = (message: { key: string; value: string; headers?: Record<string, string> }) =>
      producer.send({ topic: WIDGET_TOPIC, acks: -1, messages: [message] });
    for (const n of [0, 1, 2, 3]) await send(encodeEvent(widgetEvent('w', { widgetId: 'w', n })));
    await send(encodeEvent(widgetEvent('w', { widgetId: 'w', n: -1, colour: 'red' })));
    await send({ key: 'w', value: 'not a cloud event' });
    for (const n of [4, 5, 6]) await send(encodeEvent(widgetEvent('w', { widgetId: 'w', n })));
    await producer.disconnect();

    await eventually('the events after the poison handled', async () =>
      (await projections(consumerDb)).get('w')?.includes(6) ? true : undefined,
    );
    expect((await projections(consumerDb)).get('w')).toEqual([0, 1, 2, 4, 5, 6]);
    expect(subscription.stats.retries).toBeGreaterThanOrEqual(4); // 2 for n = 3, 2 transient for n = 5

    const letters = await eventually('three dead letters', async () => {
      const read = await readDeadLetters(env.kafka, `${group}.dlq`);
      return read.length === 3
        ? (read as [(typeof read)[number], (typeof read)[number], (typeof read)[number]])
        : undefined;
    });
    expect(letters.map((letter) => letter.reason)).toEqual([
      'handler-failed',
      'schema-validation',
      'undecodable',
    ]);
    const [buggy, invalid, garbage] = letters;
    expect(buggy).toMatchObject({
      key: 'w',
      eventType: WIDGET_CHANGED,
      attempts: 3,
      error: 'cannot project n = 3 (bug)',
      original: { topic: WIDGET_TOPIC, offset: expect.any(String) },
    });
    expect(JSON.parse(buggy.value ?? '')).toEqual({ widgetId: 'w', n: 3 });
    expect(invalid.error).toContain('/n must be >= 0');
    expect(garbage.error).toContain('missing header');
    expect(Number(invalid.original.offset)).toBe(Number(buggy.original.offset) + 1);

    // The operator lists the dead letters, ships the fix, and replays the one it fixes.
    const listing = await eventDlq('list', '--brokers', env.brokers.join(','), '--group', group);
    expect(listing.trim().split('\n')).toHaveLength(3);
    expect(listing).toContain(`offset=${buggy.offset} type=${WIDGET_CHANGED} id=${buggy.eventId}`);
    expect(listing).toContain('reason=schema-validation');
    const inspected = JSON.parse(
      await eventDlq(
        'inspect',
        '--brokers',
        env.brokers.join(','),
        '--group',
        group,
        '--offset',
        invalid.offset,
      ),
    );
    expect(inspected).toMatchObject([
      {
        offset: invalid.offset,
        reason: 'schema-validation',
        payload: { widgetId: 'w', n: -1, colour: 'red' },
        originalHeaders: { ce_type: WIDGET_CHANGED, ce_subject: 'w' },
      },
    ]);
    handlerFixed = true;
    const replay = await eventDlq(
      'replay',
      '--brokers',
      env.brokers.join(','),
      '--group',
      group,
      '--offset',
      buggy.offset,
    );
    expect(replay).toContain('1 dead letter(s) replayed');
    await eventually('the replayed event handled', async () =>
      (await projections(consumerDb)).get('w')?.includes(3) ? true : undefined,
    );

    // Replaying it a second time has no second effect.
    const duplicatesBefore = subscription.stats.duplicates;
    await eventDlq(
      'replay',
      '--brokers',
      env.brokers.join(','),
      '--group',
      group,
      '--offset',
      buggy.offset,
    );
    await eventually('the second replay skipped', () =>
      subscription.stats.duplicates > duplicatesBefore ? true : undefined,
    );
    expect((await projections(consumerDb)).get('w')).toEqual([0, 1, 2, 4, 5, 6, 3]);
    expect(subscription.stats.deadLettered).toBe(3);
  }, 150_000);
  it('stops promptly while a handler is waiting to retry, leaving the event for the next start', async () => {
    const group = uniqueName('stopping.widget-projector');
    const db = await env.connect();
    const first = await env.backbone(db).subscribe(
      group,
      {
        [WIDGET_CHANGED]: async () => {
          throw new TransientError('search index unavailable');
        },
      },
      { retryBackoff: { initialMs: 60_000, maxMs: 60_000 } },
    );
    const producer = env.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: WIDGET_TOPIC,
      acks: -1,
      messages: [encodeEvent(widgetEvent('stop-w', { widgetId: 'stop-w', n: 0 }))],
    });
    await producer.disconnect();
    await eventually('a retry scheduled', () => (first.stats.retries > 0 ? true : undefined));
    const stopStarted = Date.now();
    await first.stop();
    expect(Date.now() - stopStarted).toBeLessThan(30_000); // not the 60 s backoff
    expect(first.stats.deadLettered).toBe(0);

    const second = await env.backbone(db).subscribe(group, {
      [WIDGET_CHANGED]: projectWidgetChanges(db),
    });
    await eventually('the event handled after the restart', async () =>
      (await projections(db)).get('stop-w') ? true : undefined,
    );
    expect((await projections(db)).get('stop-w')).toEqual([0]);
    await second.stop();
  }, 120_000);
});
