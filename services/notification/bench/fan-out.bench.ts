// One news article about a carrier that FOLLOWERS founders follow → every inbox written, and each
// follower's push delivery queued (default preferences: WeChat), through fan-out jobs of chunks.
// The notification service runs as in production (dist/main.js, a child process; its delivery
// dispatcher slowed so the figures are the fan-out's own); broker and database in another.
// Time = the article event published → the job's last chunk committed (all inboxes written).
// Baseline, in the same run: the same documents (an inbox message and a delivery per follower)
// written by the bare driver in the same number of transactions of one insertMany each, to the
// same database. Prints figures; asserts nothing except that every follower got exactly one.
//   FOLLOWERS=10000 ROUNDS=3 npm run bench
import { createRounds, processCpuSeconds, recordBenchmark } from '@shuangchuang/bench-kit';
import { startTestInfrastructureProcess } from '@shuangchuang/test-infrastructure';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import {
  carrierCreated,
  publishEvent,
  runNote,
  startChild,
  stopChildren,
  waitFor,
} from './bench-processes.js';

const { MongoClient, ObjectId } = mongoose.mongo;
type Db = mongoose.mongo.Db;
type MongoClient = mongoose.mongo.MongoClient;

const FOLLOWERS = Number(process.env.FOLLOWERS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CHUNK = Number(process.env.FANOUT_CHUNK_SIZE ?? 500);
const PORT = 3914;
const CARRIER = 'c-fan-out';
const GOAL_MS = 10_000;
let stopInfrastructure: (() => Promise<void>) | undefined;

async function main() {
  const infrastructure = await startTestInfrastructureProcess();
  stopInfrastructure = () => infrastructure.stop();
  const service = startChild('services/notification/dist/main.js', {
    MONGO_URL: infrastructure.mongoUrl,
    KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
    PORT: String(PORT),
    FANOUT_CHUNK_SIZE: String(CHUNK),
    FANOUT_POLL_MS: '50',
    // the dispatcher would work off the queued deliveries meanwhile: a later stage, not this one
    DISPATCH_INTERVAL_MS: '3600000',
  });
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${PORT}/readyz`)).ok,
    120_000,
    'notification',
  );
  const client = await new MongoClient(infrastructure.mongoUrl).connect();
  const db = client.db('notification');
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: infrastructure.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  await publishEvent(
    producer,
    'cn.shuangchuang.registry.incubator.created.v1',
    CARRIER,
    carrierCreated(CARRIER, '启迪之星（德州）'),
  );
  await waitFor(
    async () => (await db.collection('carriers').countDocuments({ _id: CARRIER as never })) === 1,
    60_000,
    'the carrier',
  );
  await db.collection('follows').insertMany(
    Array.from({ length: FOLLOWERS }, (_, n) => ({
      userId: `founder-${String(n).padStart(6, '0')}`,
      carrierId: CARRIER,
      followedAt: new Date(),
    })),
  );
  process.stdout.write(
    `${FOLLOWERS} followers of ${CARRIER}; chunks of ${CHUNK}; ${ROUNDS} rounds\n`,
  );

  const BARE = `bare driver: ${FOLLOWERS} inbox messages and ${FOLLOWERS} deliveries, one insertMany each per transaction of ${CHUNK}`;
  const SERVICE = `one article to ${FOLLOWERS} followers → every inbox written`;
  const rounds = createRounds({
    time: { unit: 'ms', better: 'lower' },
    'cpu service': { unit: 'ms CPU', better: 'lower' },
    'cpu broker + database': { unit: 'ms CPU', better: 'lower' },
    transactions: { unit: 'transactions', better: 'lower' },
  });
  const problems: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // baseline
    {
      const cpu = [processCpuSeconds(process.pid), processCpuSeconds(infrastructure.pid)];
      const started = performance.now();
      const transactions = await bareWrites(client, db, round);
      const time = performance.now() - started;
      const client_ = (processCpuSeconds(process.pid) - cpu[0]!) * 1000;
      const database = (processCpuSeconds(infrastructure.pid) - cpu[1]!) * 1000;
      rounds.add(BARE, {
        time,
        'cpu service': client_,
        'cpu broker + database': database,
        transactions,
      });
      process.stdout.write(
        `r${round} ${BARE}: ${time.toFixed(0)} ms, client ${client_.toFixed(0)} ms CPU, database ${database.toFixed(0)} ms CPU\n`,
      );
    }
    // the service
    {
      const articleId = `art-${round}-${Date.now().toString(36)}`;
      const cpu = [processCpuSeconds(service.pid), processCpuSeconds(infrastructure.pid)];
      const started = performance.now();
      const eventId = await publishEvent(
        producer,
        'cn.shuangchuang.news.article.published.v1',
        articleId,
        {
          articleId,
          revision: 1,
          kind: 'news',
          title: '启迪之星（德州）举办第十二期创业路演日',
          summary: '30 个项目路演，12 家投资机构到场。',
          publishedAt: new Date().toISOString(),
          mentionedCarrierIds: [CARRIER],
        },
      );
      let job: { state?: string; chunks?: number; told?: number } | null = null;
      await waitFor(
        async () => {
          job = await db
            .collection<{ state: string; chunks: number; told: number }>('fan_out_jobs')
            .findOne({ sourceEventId: eventId });
          return job?.state === 'done';
        },
        300_000,
        'the fan-out job',
      );
      const time = performance.now() - started;
      const serviceCpu = (processCpuSeconds(service.pid) - cpu[0]!) * 1000;
      const database = (processCpuSeconds(infrastructure.pid) - cpu[1]!) * 1000;
      const { chunks = 0, told = 0 } = job ?? {};
      rounds.add(SERVICE, {
        time,
        'cpu service': serviceCpu,
        'cpu broker + database': database,
        transactions: chunks,
      });
      // everyone once: inbox and queued delivery
      const inbox = await db.collection('inbox').countDocuments({ 'link.id': articleId });
      const doubled = await db
        .collection('inbox')
        .aggregate([
          { $match: { 'link.id': articleId } },
          { $group: { _id: '$userId', n: { $sum: 1 } } },
          { $match: { n: { $gt: 1 } } },
        ])
        .toArray();
      const deliveries = await db
        .collection('deliveries')
        .countDocuments({ sourceEventId: eventId });
      if (
        inbox !== FOLLOWERS ||
        doubled.length > 0 ||
        deliveries !== FOLLOWERS ||
        told !== FOLLOWERS
      )
        problems.push(
          `round ${round}: ${inbox} inbox messages, ${doubled.length} doubled, ${deliveries} deliveries, ${told} told`,
        );
      process.stdout.write(
        `r${round} ${SERVICE}: ${time.toFixed(0)} ms, ${chunks} chunk transactions, service ${serviceCpu.toFixed(0)} ms CPU, broker + database ${database.toFixed(0)} ms CPU; ${inbox} inbox messages, ${deliveries} deliveries, ${doubled.length} doubled\n`,
      );
    }
  }
  const measured = rounds.row(SERVICE);
  const time = measured.figures.time!.value;
  recordBenchmark({
    id: 'notification-fan-out',
    title: 'Fan-out of one article to its followers (services/notification)',
    measures:
      `A news.article.v1 published event mentioning a carrier that ${FOLLOWERS} founders follow, consumed by the notification service ` +
      `(its built dist/main.js in a child process, as in production): a fan-out job tells the followers ${CHUNK} per transaction, ` +
      'each an inbox message and a queued WeChat delivery (default preferences, one read of the chunk’s preferences and quiet hours). ' +
      'Time = the event published → the job’s last chunk committed; CPU of the service and of the broker + database process over that time. ' +
      'The delivery dispatcher is slowed for the run (sending is a later stage). Embedded broker and database in one process.',
    baseline: {
      ...rounds.row(BARE),
      description:
        `The same documents written by the bare MongoDB driver from the benchmark’s process to the same database: ${FOLLOWERS} inbox ` +
        `messages and ${FOLLOWERS} deliveries (same indexes), one insertMany each in transactions of ${CHUNK} — no consumer, no ` +
        'reads, no service. Its “cpu service” is the benchmark process’s CPU.',
    },
    rows: [measured],
    goal: {
      description: `one article to 10,000 followers: all inboxes written in ≤ ${GOAL_MS / 1000} s (issue #19)`,
      met: FOLLOWERS >= 10_000 ? time <= GOAL_MS && problems.length === 0 : null,
      detail: `${(time / 1000).toFixed(1)} s for ${FOLLOWERS} followers in ${measured.figures.transactions!.value} transactions; ${problems.length === 0 ? 'every follower told once' : problems.join('; ')}`,
    },
    rounds: ROUNDS,
    parameters: { followers: FOLLOWERS, 'chunk size': CHUNK },
    notes: [
      `Per follower: service ${(measured.figures['cpu service']!.value / FOLLOWERS).toFixed(3)} ms CPU, broker + database ${(measured.figures['cpu broker + database']!.value / FOLLOWERS).toFixed(3)} ms CPU.`,
      runNote(),
    ],
  });
  await producer.disconnect();
  await client.close();
}

/** The baseline: the fan-out's documents, written bare, in its number of transactions. */
async function bareWrites(client: MongoClient, db: Db, round: number): Promise<number> {
  const inbox = db.collection(`bare_inbox_${round}`);
  const deliveries = db.collection(`bare_deliveries_${round}`);
  await inbox.createIndex({ dedupeKey: 1 }, { unique: true });
  await inbox.createIndex({ userId: 1, _id: -1 });
  await deliveries.createIndex({ dedupeKey: 1 }, { unique: true });
  await deliveries.createIndex({ state: 1, notBefore: 1 });
  let transactions = 0;
  const now = new Date();
  for (let start = 0; start < FOLLOWERS; start += CHUNK) {
    const users = Array.from(
      { length: Math.min(CHUNK, FOLLOWERS - start) },
      (_, n) => `founder-${String(start + n).padStart(6, '0')}`,
    );
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await inbox.insertMany(
          users.map((userId) => ({
            _id: new ObjectId().toHexString() as never,
            userId,
            category: 'news',
            title: '启迪之星（德州）举办第十二期创业路演日',
            body: '您关注的 启迪之星（德州） 有新动态',
            read: false,
            createdAt: now,
            dedupeKey: `bare|${userId}|inbox`,
          })),
          { session },
        );
        await deliveries.insertMany(
          users.map((userId) => ({
            _id: `dlv-${userId}` as never,
            dedupeKey: `bare|${userId}|wechat_subscribe`,
            userId,
            channel: 'wechat_subscribe',
            state: 'pending',
            notBefore: now,
            attempts: 0,
            createdAt: now,
          })),
          { session },
        );
      });
      transactions += 1;
    } finally {
      await session.endSession();
    }
  }
  return transactions;
}

try {
  await main();
} finally {
  await stopChildren();
  await stopInfrastructure?.();
}
