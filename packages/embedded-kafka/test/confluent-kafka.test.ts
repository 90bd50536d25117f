import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { start, type RunningBroker } from '../src/index.js';
import { quietKafka } from './support/kafkajs.js';

// Debian's python3-confluent-kafka (librdkafka) imports only under the system interpreter.
const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import confluent_kafka'], { encoding: 'utf8' });
const available = probe.status === 0;
if (!available) {
  console.log(
    `confluent-kafka tests skipped: ${PYTHON} cannot import confluent_kafka (${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()}); install python3-confluent-kafka`,
  );
}

const script = new URL('./confluent_kafka_client.py', import.meta.url).pathname;
const TOPIC = 'confluent.idempotent';
const COUNT = 30;
let dataDir: string;
let broker: RunningBroker | undefined;

async function python<T>(...args: string[]): Promise<T> {
  const { stdout } = await promisify(execFile)(PYTHON, [script, ...args], { timeout: 90_000 });
  return JSON.parse(stdout) as T;
}

/** The producer id, epoch and sequences of every batch stored in a partition's segment files. */
function storedBatches(partition: number) {
  const dir = path.join(dataDir, 'topics', TOPIC, String(partition));
  const batches: { producerId: bigint; epoch: number; firstSeq: number; count: number }[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()) {
    const log = fs.readFileSync(path.join(dir, file));
    for (let at = 0; at < log.length; at += 12 + log.readInt32BE(at + 8)) {
      batches.push({
        producerId: log.readBigInt64BE(at + 43),
        epoch: log.readInt16BE(at + 51),
        firstSeq: log.readInt32BE(at + 53),
        count: log.readInt32BE(at + 57),
      });
    }
  }
  return batches;
}

beforeAll(async () => {
  if (!available) return;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-kafka-confluent-'));
  broker = await start({ port: 0, dataDir, logLevel: 'silent' });
  const admin = quietKafka(broker.brokers).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }] });
  await admin.disconnect();
});

afterAll(async () => {
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!available)('confluent-kafka (Debian python3-confluent-kafka)', () => {
  test('an idempotent producer delivers every record once, in order per key, with gapless sequences', async () => {
    const produced = await python<{
      delivered: { value: string; partition: number; offset: number }[];
      errors: string[];
      undelivered: number;
    }>('produce', broker!.brokers[0]!, TOPIC, String(COUNT));
    expect(produced.errors).toEqual([]);
    expect(produced.undelivered).toBe(0);
    expect(produced.delivered.map((d) => Number(d.value)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: COUNT }, (_, n) => n),
    );
    // One partition per key, and each key's values at increasing offsets.
    for (let key = 0; key < 6; key++) {
      const ofKey = produced.delivered.filter((d) => Number(d.value) % 6 === key);
      expect(new Set(ofKey.map((d) => d.partition)).size).toBe(1);
      const inOffsetOrder = [...ofKey].sort((a, b) => a.offset - b.offset).map((d) => d.value);
      expect(inOffsetOrder).toEqual(ofKey.map((d) => d.value));
    }

    // What librdkafka sent, as stored: one producer id and epoch, sequences from 0 without gaps.
    const producerIds = new Set<bigint>();
    let stored = 0;
    for (let partition = 0; partition < 3; partition++) {
      let nextSeq = 0;
      for (const batch of storedBatches(partition)) {
        producerIds.add(batch.producerId);
        expect(batch.epoch).toBe(0);
        expect(batch.firstSeq).toBe(nextSeq);
        nextSeq += batch.count;
        stored += batch.count;
      }
    }
    expect(stored).toBe(COUNT);
    expect(producerIds.size).toBe(1);
    expect([...producerIds][0]).toBeGreaterThanOrEqual(0n);
  });

  test('a group consumer commits, and after the broker and the consumer restart resumes where it left off', async () => {
    type Consumed = { values: string[] };
    /** The group's committed offsets added up, as the broker keeps them. */
    const committedTotal = async () => {
      const admin = quietKafka(broker!.brokers).admin();
      await admin.connect();
      const [offsets] = await admin.fetchOffsets({ groupId: 'confluent-group', topics: [TOPIC] });
      await admin.disconnect();
      return offsets!.partitions.reduce((sum, p) => sum + Math.max(Number(p.offset), 0), 0);
    };
    const first = await python<Consumed>(
      'consume',
      broker!.brokers[0]!,
      TOPIC,
      'confluent-group',
      '12',
    );
    expect(first.values).toHaveLength(12);
    expect(await committedTotal()).toBe(12);

    await broker!.stop();
    broker = await start({ port: 0, dataDir, logLevel: 'silent' });

    const second = await python<Consumed>(
      'consume',
      broker.brokers[0]!,
      TOPIC,
      'confluent-group',
      String(COUNT - 12),
    );
    expect(second.values).toHaveLength(COUNT - 12);
    const all = [...first.values, ...second.values].map(Number).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: COUNT }, (_, n) => n));
    expect(await committedTotal()).toBe(COUNT);
  });
});
