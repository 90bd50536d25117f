// The broker is SIGKILLed and restarted on the same port and data directory, as a crashed Kafka
// node comes back; every subscription must handle new events again soon after (issue: within
// 10 s). The delays are printed; the assertion allows twice that, since a loaded machine is slow.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventBackbone, type EventBackbone } from '../src/index.js';
import { killHard } from './support/child-process.js';
import { eventually } from './support/environment.js';
import {
  testCatalog,
  testTopics,
  WIDGET_CHANGED,
  type TestEvents,
} from './support/test-catalog.js';
import { projectWidgetChanges } from './support/widget-projection.js';

const brokerCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@shuangchuang/embedded-kafka')),
  'cli.js',
);

/** The embedded broker as its own process (the CLI), so it can be SIGKILLed. */
async function startBrokerProcess(port: number, dataDir: string) {
  const child = spawn(
    process.execPath,
    [brokerCli, '--port', String(port), '--data-dir', dataDir, '--log-level', 'error'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const listening = await new Promise<number>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /embedded-kafka listening on [\d.]+:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}: ${output}`)));
  });
  return { child, port: listening };
}

describe('broker SIGKILLed and restarted', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  async function record(
    connection: Connection,
    backbone: EventBackbone<TestEvents>,
    id: string,
    n: number,
  ) {
    const session = await connection.startSession();
    try {
      await session.withTransaction(() =>
        backbone.outbox.record(session, [
          { type: WIDGET_CHANGED, aggregateId: id, data: { widgetId: id, n } },
        ]),
      );
    } finally {
      await session.endSession();
    }
  }

  it('has every subscription handle new events within seconds of the restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'event-backbone-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let broker: { child: ChildProcess; port: number } = await startBrokerProcess(0, dataDir);
    cleanups.push(() => killHard(broker.child));
    const database = await startMongo({ port: 0 });
    cleanups.push(() => database.stop());
    const connection = await mongoose
      .createConnection(database.uri, { dbName: 'restart' })
      .asPromise();
    cleanups.push(() => connection.close());
    // As the services configure it: default consumer settings.
    const backbone = createEventBackbone<TestEvents>({
      serviceName: 'restart-service',
      kafka: { brokers: [`127.0.0.1:${broker.port}`] },
      connection,
      catalog: testCatalog,
      topics: testTopics,
    });
    cleanups.push(() => backbone.stop());
    await backbone.ensureTopics();
    backbone.startRelay();

    const groups = ['restart.inbox', 'restart.digest'];
    const handledAt = new Map<string, number[]>(); // group → when each event was handled
    const project = projectWidgetChanges(connection);
    for (const group of groups) {
      handledAt.set(group, []);
      await backbone.subscribe(group, {
        [WIDGET_CHANGED]: async (event, context) => {
          await project(event, context);
          handledAt.get(group)!.push(Date.now());
        },
      });
    }

    // Events keep coming throughout, so the broker dies under consumers mid-fetch and mid-batch.
    const widgets = 5;
    let recorded = 0;
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        const widget = `stream-${recorded % widgets}`;
        await record(connection, backbone, widget, Math.floor(recorded / widgets));
        recorded += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const handledSince = (group: string, since: number) =>
      handledAt.get(group)!.find((at) => at > since);
    await eventually('the stream handled by every group', () =>
      groups.every((group) => handledSince(group, 0)) ? true : undefined,
    );

    const delays: string[] = [];
    // Down briefly, for a few seconds, and long enough for the clients' retries to run out.
    for (const downMs of [1_000, 5_000, 15_000]) {
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_000));
      await killHard(broker.child);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      broker = await startBrokerProcess(broker.port, dataDir);
      const restartedAt = Date.now();
      for (const group of groups) {
        const first = await eventually(
          `${group} handling again`,
          () => handledSince(group, restartedAt),
          120_000,
        );
        const delay = first - restartedAt;
        delays.push(`${group} ${(delay / 1000).toFixed(1)} s after ${downMs / 1000} s down`);
        expect(delay).toBeLessThan(20_000);
      }
    }
    streaming = false;
    await stream;

    // Nothing lost or doubled: each group handled every event once, in order per widget.
    await eventually('every recorded event handled by every group', async () =>
      (await connection.collection('processed_events').countDocuments()) ===
      recorded * groups.length
        ? true
        : undefined,
    );
    console.log(`first event handled after the broker restart: ${delays.join('; ')}`);
  }, 300_000);
});
