// A downstream consumer written from the catalog alone, with another Kafka client (kcat/librdkafka):
// it knows topics, event types, keys and JSON Schemas, nothing of this package.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startEnvironment, type TestEnvironment } from './support/environment.js';
import {
  CARRIER_RETIRED,
  carrierRetired,
  HONOR_AWARDED,
  honorAwarded,
} from './support/registry-events.js';

const run = promisify(execFile);

function kcatVersion(): string | undefined {
  try {
    const banner = execFileSync('kcat', ['-V'], { encoding: 'utf8' });
    return /Version (\S+)/.exec(banner)?.[1] ?? 'unknown version';
  } catch {
    return undefined;
  }
}

const kcat = kcatVersion();
if (!kcat) {
  console.log(
    'kcat consumer test skipped: kcat is not installed (Debian: apt-get install -y kcat)',
  );
}

interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

describe.skipIf(!kcat)('a kcat consumer written from the catalog', () => {
  let env: TestEnvironment;
  let connection: Connection;

  beforeAll(async () => {
    env = await startEnvironment();
    connection = await env.connect();
  });
  afterAll(() => env?.stop());

  it('reads, decodes and validates the events the outbox publishes', async () => {
    const backbone = env.registryBackbone(connection);
    await backbone.ensureTopics();
    backbone.startRelay();
    const session = await connection.startSession();
    await session.withTransaction(() =>
      backbone.outbox.record(
        session,
        [
          { type: HONOR_AWARDED, aggregateId: 'kc-1', data: honorAwarded('kc-1', 2) },
          { type: HONOR_AWARDED, aggregateId: 'kc-2', data: honorAwarded('kc-2', 2) },
          { type: CARRIER_RETIRED, aggregateId: 'kc-1', data: carrierRetired('kc-1', 3) },
        ],
        { requestId: 'req-kcat' },
      ),
    );
    await session.endSession();
    await eventually('the events published', async () =>
      (await connection.collection('outbox_events').countDocuments({ state: 'published' })) === 3
        ? true
        : undefined,
    );

    // Everything below uses only the catalog: its topics, types, dataschema URIs and schemas.
    const ajv = new Ajv2020({ strict: false });
    (formatsPlugin as unknown as typeof formatsPlugin.default)(ajv);
    const topics = topicDeclarations.map((topic) => topic.name);
    const records: KcatRecord[] = [];
    for (const topic of topics) {
      const { stdout } = await run(
        'kcat',
        ['-b', env.brokers.join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-J', '-q'],
        { timeout: 60_000 },
      );
      for (const line of stdout.split('\n').filter(Boolean)) records.push(JSON.parse(line));
    }
    expect(records).toHaveLength(3);

    const decoded = records.map((record) => {
      const list = record.headers ?? [];
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < list.length; i += 2) headers[list[i]!] = list[i + 1]!;
      const entry = eventCatalog.find((candidate) => candidate.type === headers.ce_type);
      expect(entry, `catalog entry for ${headers.ce_type}`).toBeDefined();
      expect(record.topic).toBe(entry!.topic);
      expect(headers).toMatchObject({
        ce_specversion: '1.0',
        ce_source: 'urn:shuangchuang:registry',
        ce_dataschema: entry!.dataschema,
        'content-type': 'application/json',
        'x-request-id': 'req-kcat',
      });
      expect(Date.parse(headers.ce_time ?? '')).not.toBeNaN();
      expect(record.key).toBe(headers.ce_subject);
      const data = JSON.parse(record.payload ?? 'null');
      const validate = ajv.getSchema(entry!.dataschema) ?? ajv.compile(entry!.schema);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      return { key: record.key, type: headers.ce_type, data, partition: record.partition };
    });
    const forKc1 = decoded.filter((event) => event.key === 'kc-1');
    expect(forKc1.map((event) => event.type)).toEqual([HONOR_AWARDED, CARRIER_RETIRED]);
    expect(new Set(forKc1.map((event) => event.partition)).size).toBe(1);
    console.log(`kcat ${kcat} read ${records.length} events from ${topics.join(', ')}`);
  }, 90_000);
});
