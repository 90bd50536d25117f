import { execFile, spawnSync } from 'node:child_process';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { start, type RunningBroker } from '../src/index.js';
import { quietKafka, waitUntil } from './support/kafkajs.js';

// librdkafka (Debian's kcat) is the second client family the broker must serve; CI installs it.
const kcatMissing = spawnSync('kcat', ['-V']).error !== undefined;
if (kcatMissing) console.log('kcat tests skipped: kcat is not installed (apt-get install -y kcat)');

let broker: RunningBroker;
let kafka: Kafka;
let admin: Admin;

/** Runs kcat against the broker (asynchronously: the broker lives in this process). */
function kcat(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kcat',
      ['-b', broker.brokers[0]!, ...args],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`kcat ${args.join(' ')} failed: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
    child.stdin!.end(input ?? '');
  });
}

describe.skipIf(kcatMissing)('librdkafka (kcat)', () => {
  beforeAll(async () => {
    broker = await start({ port: 0, defaultPartitions: 3, logLevel: 'silent' });
    kafka = quietKafka(broker.brokers);
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.stop();
  });

  test('kcat produces keyed records that kafkajs and kcat read back', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `carrier-${i % 4}:event-${i}`);
    await kcat(['-P', '-t', 'kcat-in', '-K:'], lines.join('\n') + '\n');
    await kcat(['-P', '-t', 'kcat-in', '-K:', '-z', 'gzip'], 'carrier-9:gzipped\n');

    const consumer = kafka.consumer({ groupId: 'kafkajs-reader', maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'kcat-in', fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push(`${message.key}:${message.value}`),
    });
    await waitUntil(() => seen.length >= 31, 'records produced by kcat');
    await consumer.disconnect();
    expect(seen.sort()).toEqual([...lines, 'carrier-9:gzipped'].sort());

    const out = await kcat(['-C', '-t', 'kcat-in', '-o', 'beginning', '-e', '-f', '%k:%s\\n']);
    expect(out.trim().split('\n').sort()).toEqual([...lines, 'carrier-9:gzipped'].sort());
  });

  test('records compressed with snappy, lz4 and zstd are stored as produced', async () => {
    for (const codec of ['snappy', 'lz4', 'zstd']) {
      await kcat(['-P', '-t', 'kcat-codecs', '-p', '0', '-z', codec], `${codec}-1\n${codec}-2\n`);
    }
    const out = await kcat([
      '-C',
      '-t',
      'kcat-codecs',
      '-p',
      '0',
      '-o',
      'beginning',
      '-e',
      '-f',
      '%o:%s\\n',
    ]);
    expect(out.trim().split('\n')).toEqual([
      '0:snappy-1',
      '1:snappy-2',
      '2:lz4-1',
      '3:lz4-2',
      '4:zstd-1',
      '5:zstd-2',
    ]);
  });

  test('kcat consumes what kafkajs produced, and reads metadata', async () => {
    await admin.createTopics({ topics: [{ topic: 'from-kafkajs', numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'from-kafkajs',
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    });
    await producer.disconnect();
    const out = await kcat(['-C', '-t', 'from-kafkajs', '-o', 'beginning', '-e', '-f', '%k=%s\\n']);
    expect(out.trim().split('\n').sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `k${i}=v${i}`).sort(),
    );

    const metadata = JSON.parse(await kcat(['-L', '-J', '-t', 'from-kafkajs'])) as {
      topics: { topic: string; partitions: unknown[] }[];
    };
    expect(metadata.topics[0]).toMatchObject({ topic: 'from-kafkajs', partitions: [{}, {}] });
  });

  test('kcat consumes as a group member and commits its offsets', async () => {
    await kcat(['-P', '-t', 'kcat-group', '-K:'], 'a:1\nb:2\nc:3\nd:4\ne:5\nf:6\n');
    const out = await kcat([
      '-G',
      'kcat-readers',
      '-o',
      'beginning',
      '-c',
      '6',
      '-f',
      '%s\\n',
      'kcat-group',
    ]);
    expect(out.trim().split('\n').sort()).toEqual(['1', '2', '3', '4', '5', '6']);

    const [committed] = await admin.fetchOffsets({
      groupId: 'kcat-readers',
      topics: ['kcat-group'],
    });
    const ends = await admin.fetchTopicOffsets('kcat-group');
    for (const end of ends.filter((e) => e.high !== '0')) {
      expect(committed!.partitions.find((p) => p.partition === end.partition)!.offset).toBe(
        end.high,
      );
    }
    // Back in the group, it resumes after what it committed (earliest only where nothing was).
    await kcat(['-P', '-t', 'kcat-group', '-K:'], 'g:7\n');
    const resume = ['-X', 'auto.offset.reset=earliest', '-c', '1', '-f', '%s\\n'];
    const next = await kcat(['-G', 'kcat-readers', ...resume, 'kcat-group']);
    expect(next.trim()).toBe('7');
  });
});
