// Outbox-to-handler benchmark: a service records events in its transactions while the relay
// publishes them and another service's handler consumes them. Prints throughput and latency
// (event time → handler start). Runs against the embedded broker and database, or real ones
// given KAFKA_BROKERS and MONGO_URL.
//   npm run bench -- [events=2000] [eventsPerTransaction=10]
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import mongoose from 'mongoose';
import { createEventBackbone } from '../src/index.js';
import {
  testCatalog,
  testTopics,
  WIDGET_CHANGED,
  type TestEvents,
} from '../test/support/test-catalog.js';

const [events = 2000, perTransaction = 10] = process.argv.slice(2).map(Number);
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

const latencies: number[] = [];
let firstRecordedAt = 0;
let lastHandledAt = 0;
let done!: () => void;
const allHandled = new Promise<void>((resolve) => (done = resolve));
const prefix = `bench-${runId}`;
await consumer.subscribe(`bench.${runId}`, {
  [WIDGET_CHANGED]: async (event, { session }) => {
    if (!event.subject.startsWith(prefix)) return;
    const now = Date.now();
    latencies.push(now - Date.parse(event.time));
    await consumerDb
      .collection('widget_counts')
      .updateOne(
        { _id: event.subject as never },
        { $inc: { count: 1 } },
        { upsert: true, session },
      );
    lastHandledAt = now;
    if (latencies.length === events) done();
  },
});
emitter.startRelay();

firstRecordedAt = Date.now();
let n = 0;
while (n < events) {
  const session = await emitterDb.startSession();
  await session.withTransaction(async () => {
    const batch = [];
    for (let i = 0; i < perTransaction && n + i < events; i++) {
      const widgetId = `${prefix}-${(n + i) % widgets}`;
      batch.push({
        type: WIDGET_CHANGED,
        aggregateId: widgetId,
        data: { widgetId, n: n + i },
      } as const);
    }
    await emitterDb.collection('widget_changes').insertOne({ at: new Date() }, { session });
    await emitter.outbox.record(session, batch);
  });
  await session.endSession();
  n += perTransaction;
}
const recordedAt = Date.now();
await allHandled;

latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const seconds = (ms: number) => (ms / 1000).toFixed(2);
console.log(`events: ${events} in transactions of ${perTransaction}, ${widgets} aggregates`);
console.log(
  `against: ${broker ? 'embedded broker' : brokers.join(',')} + ${database ? 'embedded mongo' : 'MONGO_URL'}`,
);
console.log(
  `recorded in ${seconds(recordedAt - firstRecordedAt)} s (${Math.round((events * 1000) / (recordedAt - firstRecordedAt))} events/s)`,
);
console.log(
  `outbox → handler: ${Math.round((events * 1000) / (lastHandledAt - firstRecordedAt))} events/s over ${seconds(lastHandledAt - firstRecordedAt)} s`,
);
console.log(
  `latency (event time → handler): p50 ${percentile(50)} ms, p99 ${percentile(99)} ms, max ${latencies.at(-1)} ms`,
);

await emitter.stop();
await consumer.stop();
await emitterDb.close();
await consumerDb.close();
await broker?.stop();
await database?.stop();
