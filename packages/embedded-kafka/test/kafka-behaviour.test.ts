// The broker's limits and config validation, as cases that hold for Apache Kafka too: they run
// against the embedded broker at its defaults (Kafka's), and again against a real broker when
// KAFKA_BROKERS names one. The real broker's own limits are read from it (DescribeConfigs), so a
// differently configured cluster still gets the same cases.
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { start, type RunningBroker } from '../src/index.js';
import { ApiKey } from '../src/protocol/api-keys.js';
import { ErrorCode } from '../src/protocol/errors.js';
import type { Writer } from '../src/protocol/writer.js';
import { quietKafka } from './support/kafkajs.js';
import { RawClient, rawProduce } from './support/raw-client.js';
import { batchOfSize, recordBatch } from './support/record-batch-builder.js';

interface Target {
  brokers: string[];
  kafka: Kafka;
  admin: Admin;
  messageMaxBytes: number;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  raw(): Promise<RawClient>;
  topics: string[];
}

async function connectTarget(brokers: string[]): Promise<Target> {
  const kafka = quietKafka(brokers, 'kafka-behaviour');
  const admin = kafka.admin();
  await admin.connect();
  const { brokers: nodes } = await admin.describeCluster();
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [
      {
        type: ConfigResourceTypes.BROKER,
        name: String(nodes[0]!.nodeId),
        configNames: [
          'message.max.bytes',
          'group.min.session.timeout.ms',
          'group.max.session.timeout.ms',
        ],
      },
    ],
  });
  const config = (name: string) =>
    Number(described.resources[0]!.configEntries.find((c) => c.configName === name)!.configValue);
  const [host, port] = [nodes[0]!.host, nodes[0]!.port];
  return {
    brokers,
    kafka,
    admin,
    messageMaxBytes: config('message.max.bytes'),
    minSessionTimeoutMs: config('group.min.session.timeout.ms'),
    maxSessionTimeoutMs: config('group.max.session.timeout.ms'),
    raw: () => RawClient.connect(port, host),
    topics: [],
  };
}

async function rawProduceError(client: RawClient, topic: string, records: Buffer) {
  return (await rawProduce(client, topic, records)).errorCode;
}

/** InitProducerId v1 for an idempotent (not transactional) producer. */
async function rawInitProducerId(client: RawClient) {
  const r = await client.request(ApiKey.InitProducerId, 1, (w: Writer) => {
    w.nullableString(null).int32(60_000);
  });
  r.int32(); // throttle time
  return { errorCode: r.int16(), id: r.int64(), epoch: r.int16() };
}

/** JoinGroup v2 with this session timeout; the error code. */
async function rawJoin(client: RawClient, groupId: string, sessionTimeoutMs: number) {
  const r = await client.request(ApiKey.JoinGroup, 2, (w: Writer) => {
    w.string(groupId).int32(sessionTimeoutMs).int32(10_000).string('').string('consumer');
    w.array([{ name: 'range', metadata: Buffer.alloc(0) }], (w, p) => {
      w.string(p.name).bytes(p.metadata);
    });
  });
  r.int32(); // throttle time
  return r.int16();
}

/** CreateTopics v2 of one topic with these configs; the error code. */
async function rawCreateTopic(
  client: RawClient,
  name: string,
  configs: { name: string; value: string | null }[],
) {
  const r = await client.request(ApiKey.CreateTopics, 2, (w: Writer) => {
    w.array([name], (w, topic) => {
      w.string(topic)
        .int32(1)
        .int16(1)
        .array([], () => {});
      w.array(configs, (w, c) => void w.string(c.name).nullableString(c.value));
    });
    w.int32(10_000).boolean(false);
  });
  r.int32(); // throttle time
  const [result] = r.array((r) => ({
    name: r.string(),
    errorCode: r.int16(),
    message: r.nullableString(),
  }));
  return result!.errorCode;
}

const SET = 0;
const DELETE = 1;
const APPEND = 2;

/** IncrementalAlterConfigs v0 of one topic; the error code. */
async function rawIncrementalAlter(
  client: RawClient,
  topic: string,
  changes: { name: string; op: number; value: string | null }[],
) {
  const r = await client.request(ApiKey.IncrementalAlterConfigs, 0, (w: Writer) => {
    w.array([topic], (w, name) => {
      w.int8(ConfigResourceTypes.TOPIC).string(name);
      w.array(changes, (w, c) => void w.string(c.name).int8(c.op).nullableString(c.value));
    });
    w.boolean(false);
  });
  r.int32(); // throttle time
  const [result] = r.array((r) => ({ errorCode: r.int16(), message: r.nullableString() }));
  return result!.errorCode;
}

function behaviourCases(target: () => Target) {
  const topicName = (what: string) => {
    const name = `behaviour-${what}-${randomUUID().slice(0, 8)}`;
    target().topics.push(name);
    return name;
  };
  const createTopic = async (
    what: string,
    configEntries: { name: string; value: string }[] = [],
  ) => {
    const name = topicName(what);
    await target().admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: name, numPartitions: 1, configEntries }],
    });
    return name;
  };
  const alterTopicConfig = (topic: string, name: string, value: string) =>
    target().admin.alterConfigs({
      validateOnly: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name, value }] },
      ],
    });
  const topicConfig = async (topic: string, name: string) => {
    const described = await target().admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
    });
    return described.resources[0]!.configEntries.find((c) => c.configName === name)?.configValue;
  };
  const createError = (topic: string, configEntries: { name: string; value: string }[]) =>
    target()
      .admin.createTopics({ topics: [{ topic, configEntries }] })
      .then(
        () => 'created',
        (error: { type?: string; errors?: { type?: string }[] }) =>
          error.errors?.[0]?.type ?? error.type ?? String(error),
      );

  describe('record batch size', () => {
    test('a batch of exactly message.max.bytes is appended; one byte more is MESSAGE_TOO_LARGE', async () => {
      const topic = await createTopic('batch-size');
      const limit = target().messageMaxBytes;
      const client = await target().raw();
      try {
        expect(await rawProduceError(client, topic, batchOfSize(limit + 1))).toBe(
          ErrorCode.MESSAGE_TOO_LARGE,
        );
        expect(await rawProduceError(client, topic, batchOfSize(limit))).toBe(ErrorCode.NONE);
      } finally {
        client.close();
      }
      const offsets = await target().admin.fetchTopicOffsets(topic);
      expect(offsets[0]!.high).toBe('1');
    });

    test('kafkajs gets MESSAGE_TOO_LARGE for a 2 MB record and nothing is stored', async () => {
      const topic = await createTopic('two-megabytes');
      const producer = target().kafka.producer({ retry: { retries: 0 } });
      await producer.connect();
      try {
        const failure = await producer
          .send({ topic, acks: -1, messages: [{ value: Buffer.alloc(2 * 1024 * 1024, 1) }] })
          .then(
            () => null,
            (error: { type?: string; cause?: { type?: string } }) => error,
          );
        expect(failure?.type ?? failure?.cause?.type).toBe('MESSAGE_TOO_LARGE');
        await producer.send({ topic, acks: -1, messages: [{ value: 'small' }] });
      } finally {
        await producer.disconnect();
      }
      expect((await target().admin.fetchTopicOffsets(topic))[0]!.high).toBe('1');
    });

    test('a batch whose base offset is not 0 is INVALID_RECORD: offsets are the broker’s to give', async () => {
      const topic = await createTopic('base-offset');
      const batch = recordBatch();
      batch.writeBigInt64BE(5n, 0); // outside the CRC
      const client = await target().raw();
      try {
        expect(await rawProduceError(client, topic, batch)).toBe(ErrorCode.INVALID_RECORD);
        batch.writeBigInt64BE(0n, 0);
        expect(await rawProduceError(client, topic, batch)).toBe(ErrorCode.NONE);
      } finally {
        client.close();
      }
    });

    test("a topic's max.message.bytes overrides the broker's, and can be raised", async () => {
      const topic = await createTopic('topic-limit', [
        { name: 'max.message.bytes', value: '10000' },
      ]);
      const client = await target().raw();
      try {
        expect(await rawProduceError(client, topic, batchOfSize(10_001))).toBe(
          ErrorCode.MESSAGE_TOO_LARGE,
        );
        expect(await rawProduceError(client, topic, batchOfSize(10_000))).toBe(ErrorCode.NONE);
        await alterTopicConfig(topic, 'max.message.bytes', '20000');
        expect(await topicConfig(topic, 'max.message.bytes')).toBe('20000');
        expect(await rawProduceError(client, topic, batchOfSize(15_000))).toBe(ErrorCode.NONE);
      } finally {
        client.close();
      }
    });
  });

  describe('idempotent producer sequences', () => {
    test('retries are stored once; gaps, reused sequences and old or restarted epochs are refused', async () => {
      const topic = await createTopic('sequences');
      const client = await target().raw();
      try {
        const pid = await rawInitProducerId(client);
        expect(pid).toMatchObject({ errorCode: ErrorCode.NONE, epoch: 0 });
        const batch = (epoch: number, baseSequence: number, count = 2) =>
          recordBatch({ count, producer: { id: pid.id, epoch, baseSequence } });
        const send = (records: Buffer) => rawProduce(client, topic, records, -1);

        expect(await send(batch(0, 0))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });
        expect(await send(batch(0, 2))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 2 });
        // A retry of the first batch answers its first offset and stores nothing.
        expect(await send(batch(0, 0))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0 });
        // Same first sequence, other length: not a retry, and out of order.
        expect((await send(batch(0, 2, 3))).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        // A gap.
        expect((await send(batch(0, 9))).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        // A new epoch starts at sequence 0, and then the old epoch is fenced.
        expect((await send(batch(1, 4))).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        expect(await send(batch(1, 0))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 4 });
        expect((await send(batch(0, 4))).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
      } finally {
        client.close();
      }
      expect((await target().admin.fetchTopicOffsets(topic))[0]!.high).toBe('6');
    });
  });

  describe('group session timeout', () => {
    test('JoinGroup outside [group.min.session.timeout.ms, group.max.session.timeout.ms] is INVALID_SESSION_TIMEOUT', async () => {
      const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = target();
      const client = await target().raw();
      try {
        const group = `behaviour-${randomUUID()}`;
        expect(await rawJoin(client, group, 100)).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
        expect(await rawJoin(client, group, min - 1)).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
        expect(await rawJoin(client, group, max + 1)).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
      } finally {
        client.close();
      }
    });

    test('a kafkajs consumer with a 1 s session crashes with INVALID_SESSION_TIMEOUT; 6 s joins', async () => {
      const topic = await createTopic('session');
      const consumer = target().kafka.consumer({
        groupId: `behaviour-${randomUUID()}`,
        sessionTimeout: 1_000,
        heartbeatInterval: 100,
        retry: { retries: 0 },
      });
      const crashed = new Promise<string | undefined>((resolve) =>
        consumer.on(consumer.events.CRASH, ({ payload }) =>
          resolve((payload.error as { type?: string }).type),
        ),
      );
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async () => {} });
      expect(await crashed).toBe('INVALID_SESSION_TIMEOUT');
      await consumer.disconnect();

      const accepted = target().kafka.consumer({
        groupId: `behaviour-${randomUUID()}`,
        sessionTimeout: 6_000,
      });
      const joined = new Promise<void>((resolve) =>
        accepted.on(accepted.events.GROUP_JOIN, () => resolve()),
      );
      await accepted.connect();
      await accepted.subscribe({ topic, fromBeginning: true });
      await accepted.run({ eachMessage: async () => {} });
      await joined;
      await accepted.disconnect();
    });
  });

  describe('topic configs', () => {
    test('CreateTopics refuses an unknown config name and invalid values with INVALID_CONFIG', async () => {
      expect(
        await createError(topicName('unknown'), [{ name: 'no.such.config', value: '1' }]),
      ).toBe('INVALID_CONFIG');
      for (const [name, value] of [
        ['retention.ms', '-7'],
        ['retention.ms', 'a week'],
        ['retention.ms', '1.5'],
        ['segment.bytes', '0'],
        ['max.message.bytes', '-1'],
        ['cleanup.policy', 'archive'],
        ['min.cleanable.dirty.ratio', '2'],
        ['unclean.leader.election.enable', 'yes'],
        ['min.insync.replicas', '99999999999'],
      ]) {
        expect(
          `${name}=${value}: ${await createError(topicName('invalid'), [{ name: name!, value: value! }])}`,
        ).toBe(`${name}=${value}: INVALID_CONFIG`);
      }
      const names = await target().admin.listTopics();
      expect(
        names.filter(
          (n) => n.startsWith('behaviour-unknown-') || n.startsWith('behaviour-invalid-'),
        ),
      ).toEqual([]);
    });

    test('retention.ms=-1 (keep forever) and other valid values are accepted and described', async () => {
      const topic = await createTopic('valid', [
        { name: 'retention.ms', value: '-1' },
        { name: 'retention.bytes', value: '-1' },
        { name: 'cleanup.policy', value: 'delete' },
        { name: 'min.cleanable.dirty.ratio', value: '0.25' },
      ]);
      expect(await topicConfig(topic, 'retention.ms')).toBe('-1');
      expect(await topicConfig(topic, 'min.cleanable.dirty.ratio')).toBe('0.25');
    });

    test('a null config value on CreateTopics is INVALID_CONFIG', async () => {
      const client = await target().raw();
      try {
        const name = topicName('null-value');
        expect(await rawCreateTopic(client, name, [{ name: 'retention.ms', value: null }])).toBe(
          ErrorCode.INVALID_CONFIG,
        );
      } finally {
        client.close();
      }
    });

    test('AlterConfigs refuses unknown names and invalid values, and leaves the topic as it was', async () => {
      const topic = await createTopic('alter', [{ name: 'retention.ms', value: '3600000' }]);
      for (const entry of [
        { name: 'no.such.config', value: '1' },
        { name: 'retention.ms', value: '-7' },
      ]) {
        const failure = await alterTopicConfig(topic, entry.name, entry.value).then(
          () => 'altered',
          (error: { type?: string }) => error.type,
        );
        expect(failure).toBe('INVALID_CONFIG');
      }
      expect(await topicConfig(topic, 'retention.ms')).toBe('3600000');
      await alterTopicConfig(topic, 'retention.ms', '-1');
      expect(await topicConfig(topic, 'retention.ms')).toBe('-1');
    });

    test('IncrementalAlterConfigs validates SET, refuses APPEND to a non-list, and DELETE restores the default', async () => {
      const topic = await createTopic('incremental');
      const client = await target().raw();
      try {
        expect(
          await rawIncrementalAlter(client, topic, [
            { name: 'retention.ms', op: SET, value: '-7' },
          ]),
        ).toBe(ErrorCode.INVALID_CONFIG);
        expect(
          await rawIncrementalAlter(client, topic, [
            { name: 'no.such.config', op: SET, value: '1' },
          ]),
        ).toBe(ErrorCode.INVALID_CONFIG);
        expect(
          await rawIncrementalAlter(client, topic, [
            { name: 'retention.ms', op: APPEND, value: '5' },
          ]),
        ).toBe(ErrorCode.INVALID_CONFIG);
        expect(
          await rawIncrementalAlter(client, topic, [
            { name: 'retention.ms', op: SET, value: '7200000' },
            { name: 'cleanup.policy', op: APPEND, value: 'compact' },
          ]),
        ).toBe(ErrorCode.NONE);
        expect(await topicConfig(topic, 'retention.ms')).toBe('7200000');
        expect(await topicConfig(topic, 'cleanup.policy')).toBe('delete,compact');
        expect(
          await rawIncrementalAlter(client, topic, [
            { name: 'retention.ms', op: DELETE, value: null },
          ]),
        ).toBe(ErrorCode.NONE);
        expect(await topicConfig(topic, 'retention.ms')).toBe('604800000');
        // A null value (but for DELETE) and a key named twice are malformed requests.
        expect(
          await rawIncrementalAlter(client, topic, [
            { name: 'retention.ms', op: SET, value: null },
          ]),
        ).toBe(ErrorCode.INVALID_REQUEST);
        expect(
          await rawIncrementalAlter(client, topic, [
            { name: 'retention.ms', op: SET, value: '1000' },
            { name: 'retention.ms', op: SET, value: '2000' },
          ]),
        ).toBe(ErrorCode.INVALID_REQUEST);
        expect(
          await rawIncrementalAlter(client, `behaviour-missing-${randomUUID()}`, [
            { name: 'retention.ms', op: SET, value: '1000' },
          ]),
        ).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      } finally {
        client.close();
      }
    });
  });
}

async function cleanUp(target: Target | undefined) {
  if (!target) return;
  const existing = new Set(await target.admin.listTopics());
  const created = target.topics.filter((t) => existing.has(t));
  if (created.length > 0) await target.admin.deleteTopics({ topics: created });
  await target.admin.disconnect();
}

describe('embedded-kafka at its defaults (Kafka’s)', () => {
  let broker: RunningBroker;
  let target: Target;
  beforeAll(async () => {
    broker = await start({ port: 0, logLevel: 'silent' });
    target = await connectTarget(broker.brokers);
  });
  afterAll(async () => {
    await cleanUp(target);
    await broker?.stop();
  });

  test('reports Kafka’s defaults', () => {
    expect(target.messageMaxBytes).toBe(1_048_588);
    expect(target.minSessionTimeoutMs).toBe(6_000);
    expect(target.maxSessionTimeoutMs).toBe(1_800_000);
  });

  behaviourCases(() => target);
});

const realBrokers = process.env.KAFKA_BROKERS;
if (!realBrokers) {
  console.log('broker behaviour against a real Kafka skipped: KAFKA_BROKERS is not set');
}

describe.skipIf(!realBrokers)(`the broker KAFKA_BROKERS names (${realBrokers})`, () => {
  let target: Target;
  beforeAll(async () => {
    target = await connectTarget(realBrokers!.split(',').map((b) => b.trim()));
  });
  afterAll(() => cleanUp(target));

  behaviourCases(() => target);
});
