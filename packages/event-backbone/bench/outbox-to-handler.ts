// Outbox-to-handler benchmark: a service records events in its transactions while the relay
// publishes them and another service's handler consumes them. Prints throughput and latency
// (event time → handler start), next to a bare kafkajs producer and consumer moving the same
// encoded events in the same batches without the backbone (no outbox, no relay, no transaction,
// no idempotency record) as the baseline. Each round runs the baseline and then the backbone;
// the figures recorded for docs/benchmarks.md are the medians of the rounds. Runs against the
// embedded broker and database, or real ones given KAFKA_BROKERS and MONGO_URL.
//   npm run bench -- [eventsPerRound=300] [eventsPerTransaction=10] [rounds=3]
import { createRounds, recordBenchmark, summarizeLatencies } from '@shuangchuang/bench-kit';
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { createEventBackbone, encodeEvent, type CloudEvent } from '../src/index.js';
import {
  testCatalog,
  testTopics,
  WIDGET_CHANGED,
  type TestEvents,
} from '../test/support/test-catalog.js';

const [events = 300, perTransaction = 10, roundCount = 3] = process.argv.slice(2).map(Number);
const widgets = 50;

const broker = process.env.KAFKA_BROKERS ? undefined : await startKafka({ port: 0 });
const database = process.env.MONGO_URL ? undefined : await startMongo({ port: 0 });
const brokers = process.env.KAFKA_BROKERS?.split(',') ?? broker!.brokers;
const uri = process.env.MONGO_URL ?? database!.uri;
const runId = Date.now().toString(36);
const emitterDb = await mongoose
  .createConnection(uri, { dbName: `bench_emit_${runId}` })
  .asPromise();
const consumerDb = await mongoose
  .createConnection(uri, { dbName: `bench_consume_${runId}` })
  .asPromise();
const options = { kafka: { brokers }, catalog: testCatalog, topics: testTopics };
const emitter = createEventBackbone<TestEvents>({
  serviceName: 'bench-emitter',
  connection: emitterDb,
  ...options,
});
const consumer = createEventBackbone<TestEvents>({
  serviceName: 'bench-consumer',
  connection: consumerDb,
  ...options,
});
await emitter.ensureTopics();

/** What a round is waiting for: its latencies, and a callback when all its events arrived. */
let current = { latencies: [] as number[], lastHandledAt: 0, done: () => {} };
const prefix = `bench-${runId}`;
await consumer.subscribe(`bench.${runId}`, {
  [WIDGET_CHANGED]: async (event, { session }) => {
    if (!event.subject.startsWith(prefix)) return;
    const now = Date.now();
    current.latencies.push(now - Date.parse(event.time));
    await consumerDb
      .collection('widget_counts')
      .updateOne(
        { _id: event.subject as never },
        { $inc: { count: 1 } },
        { upsert: true, session },
      );
    current.lastHandledAt = now;
    if (current.latencies.length === events) current.done();
  },
});
emitter.startRelay();

// The baseline: the same events, encoded the same way, sent in the same batches straight to a
// topic by kafkajs and handled by a bare kafkajs consumer.
const kafka = new Kafka({ clientId: 'bench-bare', brokers, logLevel: logLevel.NOTHING });
const bareTopic = `bench.bare.${runId}`;
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: bareTopic, numPartitions: 3 }] });
await admin.disconnect();
const bareProducer = kafka.producer({ allowAutoTopicCreation: false });
await bareProducer.connect();
const bareConsumer = kafka.consumer({ groupId: `bench-bare-${runId}`, maxWaitTimeInMs: 100 });
await bareConsumer.connect();
await bareConsumer.subscribe({ topic: bareTopic, fromBeginning: false });
let joined!: () => void;
const bareReady = new Promise<void>((resolve) => (joined = resolve));
bareConsumer.on(bareConsumer.events.GROUP_JOIN, () => joined());
await bareConsumer.run({
  eachMessage: async ({ message }) => {
    const now = Date.now();
    current.latencies.push(now - Date.parse(String(message.headers!.ce_time)));
    current.lastHandledAt = now;
    if (current.latencies.length === events) current.done();
  },
});
await bareReady;

function widgetEvent(n: number): CloudEvent {
  const widgetId = `${prefix}-${n % widgets}`;
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:shuangchuang:bench',
    type: WIDGET_CHANGED,
    subject: widgetId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { widgetId, n },
  } as CloudEvent;
}

async function runRound(send: (from: number, count: number) => Promise<void>) {
  const allHandled = new Promise<void>((resolve) => {
    current = { latencies: [], lastHandledAt: 0, done: resolve };
  });
  const firstRecordedAt = Date.now();
  for (let n = 0; n < events; n += perTransaction) {
    await send(n, Math.min(perTransaction, events - n));
  }
  const recordedAt = Date.now();
  await allHandled;
  const { p50, p99, max } = summarizeLatencies(current.latencies);
  return {
    recorded: (events * 1000) / Math.max(1, recordedAt - firstRecordedAt),
    throughput: (events * 1000) / Math.max(1, current.lastHandledAt - firstRecordedAt),
    p50,
    p99,
    max,
  };
}

const BASELINE = 'bare kafkajs producer → consumer';
const BACKBONE = 'outbox → relay → idempotent handler';
const rounds = createRounds({
  throughput: { unit: 'events/s', better: 'higher' },
  recorded: { unit: 'events/s', better: 'higher' },
  p50: { unit: 'ms', better: 'lower' },
  p99: { unit: 'ms', better: 'lower' },
});
console.log(
  `events: ${events} per round in transactions of ${perTransaction}, ${widgets} aggregates`,
);
console.log(
  `against: ${broker ? 'embedded broker' : brokers.join(',')} + ${database ? 'embedded mongo' : 'MONGO_URL'}`,
);
const print = (round: number, label: string, f: Awaited<ReturnType<typeof runRound>>) =>
  console.log(
    `r${round} ${label.padEnd(36)} ${Math.round(f.throughput)} events/s end to end ` +
      `(sent/recorded ${Math.round(f.recorded)}/s), latency p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms`,
  );
for (let round = 1; round <= roundCount; round++) {
  const bare = await runRound(async (from, count) => {
    const messages = Array.from({ length: count }, (_, i) => encodeEvent(widgetEvent(from + i)));
    await bareProducer.send({ topic: bareTopic, acks: -1, messages: messages as never });
  });
  rounds.add(BASELINE, { throughput: bare.throughput, p50: bare.p50, p99: bare.p99 });
  print(round, BASELINE, bare);

  const backbone = await runRound(async (from, count) => {
    const session = await emitterDb.startSession();
    await session.withTransaction(async () => {
      const batch = Array.from({ length: count }, (_, i) => {
        const widgetId = `${prefix}-${(from + i) % widgets}`;
        return {
          type: WIDGET_CHANGED,
          aggregateId: widgetId,
          data: { widgetId, n: from + i },
        } as const;
      });
      await emitterDb.collection('widget_changes').insertOne({ at: new Date() }, { session });
      await emitter.outbox.record(session, batch);
    });
    await session.endSession();
  });
  rounds.add(BACKBONE, backbone);
  print(round, BACKBONE, backbone);
}

recordBenchmark({
  id: 'event-backbone',
  title: 'Transactional outbox to event handler (event-backbone)',
  measures:
    `A service records ${events} events in MongoDB transactions of ${perTransaction} ` +
    '(a business write plus the outbox entries), the relay publishes them to Kafka, and another ' +
    'service’s idempotent handler consumes each in its own transaction. Throughput is events ' +
    'from the first transaction to the last handler call; latency is event time → handler start. ' +
    `Embedded broker and database${broker ? '' : ' (here: real ones)'} in the benchmark’s process.`,
  baseline: {
    ...rounds.row(BASELINE),
    description:
      'A bare kafkajs producer and consumer on the same broker: the same events, CloudEvents-' +
      `encoded the same way, sent in batches of ${perTransaction} with acks=all and handled by a ` +
      'consumer that only notes the time — no outbox, no relay, no database, no idempotency record.',
  },
  rows: [rounds.row(BACKBONE, '“recorded” is the rate of the recording transactions alone')],
  rounds: roundCount,
  parameters: {
    'events per round': events,
    'events per transaction': perTransaction,
    aggregates: widgets,
  },
});

await bareConsumer.disconnect();
await bareProducer.disconnect();
await emitter.stop();
await consumer.stop();
await emitterDb.close();
await consumerDb.close();
await broker?.stop();
await database?.stop();
