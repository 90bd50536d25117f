// The consuming side of the outbox-to-handler benchmark, in a process of its own so its CPU is its
// own: two backbone subscriptions, one with a per-event handler (one update per event in the
// batch's transaction), one with a batch-form handler (one bulk write per batch) on a topic of its
// own, and a bare kafkajs consumer, each noting, for the round it was told to expect, how
// long each event took from its time to being handled (the transaction committed, for the
// backbone), and counting its database commands.
import { Kafka, logLevel } from 'kafkajs';
import mongoose, { type ClientSession } from 'mongoose';
import { createEventBackbone } from '../src/index.js';
import {
  benchCatalog,
  benchTopics,
  WIDGET_CHANGED,
  WIDGET_COUNTED,
  type BenchEvents,
} from './bench-catalog.js';

export type ToConsumer = { kind: 'expect'; prefix: string; count: number };
export type FromConsumer =
  | { kind: 'ready' }
  | { kind: 'expecting' }
  | {
      kind: 'done';
      latencies: number[];
      lastHandledAt: number;
      commands: Record<string, number>;
    };

const { MONGO_URL, KAFKA_BROKERS, DB, GROUP, BARE_TOPIC } = process.env;
if (!MONGO_URL || !KAFKA_BROKERS || !DB || !GROUP || !BARE_TOPIC) {
  throw new Error('consumer-process needs MONGO_URL, KAFKA_BROKERS, DB, GROUP and BARE_TOPIC');
}
const send = (message: FromConsumer) => process.send!(message);
const brokers = KAFKA_BROKERS.split(',');

const connection = await mongoose
  .createConnection(MONGO_URL, { dbName: DB, monitorCommands: true })
  .asPromise();
let commands: Record<string, number> = {};
connection.getClient().on('commandStarted', ({ commandName }) => {
  commands[commandName] = (commands[commandName] ?? 0) + 1;
});

let round:
  | { prefix: string; count: number; latencies: number[]; seen: Set<string>; last: number }
  | undefined;
function handled(id: string, subject: string, time: string, at = Date.now()): void {
  if (!round || !subject.startsWith(round.prefix) || round.seen.has(id)) return;
  round.seen.add(id);
  round.latencies.push(at - Date.parse(time));
  round.last = Math.max(round.last, at);
  if (round.seen.size === round.count) {
    send({ kind: 'done', latencies: round.latencies, lastHandledAt: round.last, commands });
    round = undefined;
  }
}

const backbone = createEventBackbone<BenchEvents>({
  serviceName: 'bench-consumer',
  kafka: { brokers },
  connection,
  catalog: benchCatalog,
  topics: benchTopics,
});
// Events of a transaction count as handled when its session ends, after the commit (a session also
// ends after an abort, which only a failure causes, and the benchmark has none).
type Noted = { id: string; subject: string; time: string };
const pending = new WeakMap<ClientSession, Noted[]>();
function handledWhenCommitted(session: ClientSession, events: Noted[]): void {
  let list = pending.get(session);
  if (!list) {
    const noted: Noted[] = [];
    pending.set(session, (list = noted));
    session.once('ended', () => {
      const at = Date.now();
      for (const { id, subject, time } of noted) handled(id, subject, time, at);
    });
  }
  list.push(...events);
}
const counts = connection.collection<{ _id: string; count: number }>('widget_counts');
await backbone.subscribe(GROUP, {
  [WIDGET_CHANGED]: async (event, { session }) => {
    await counts.updateOne(
      { _id: event.subject },
      { $inc: { count: 1 } },
      { upsert: true, session },
    );
    handledWhenCommitted(session, [event]);
  },
});
await backbone.subscribe(`${GROUP}.batch`, {
  [WIDGET_COUNTED]: {
    async batch(events, { session }) {
      await counts.bulkWrite(
        events.map((event) => ({
          updateOne: {
            filter: { _id: event.subject },
            update: { $inc: { count: 1 } },
            upsert: true,
          },
        })),
        { session },
      );
      handledWhenCommitted(session, events);
    },
  },
});

const kafka = new Kafka({ clientId: 'bench-bare', brokers, logLevel: logLevel.NOTHING });
const bareConsumer = kafka.consumer({ groupId: `${GROUP}.bare` });
await bareConsumer.connect();
await bareConsumer.subscribe({ topic: BARE_TOPIC, fromBeginning: false });
const joined = new Promise<void>((resolve) =>
  bareConsumer.on(bareConsumer.events.GROUP_JOIN, () => resolve()),
);
await bareConsumer.run({
  eachMessage: async ({ message }) => {
    const headers = message.headers!;
    handled(String(headers.ce_id), String(headers.ce_subject), String(headers.ce_time));
  },
});
await joined;

process.on('message', (message: ToConsumer) => {
  round = { prefix: message.prefix, count: message.count, latencies: [], seen: new Set(), last: 0 };
  commands = {};
  send({ kind: 'expecting' });
});
send({ kind: 'ready' });
// Exit cleanly on SIGTERM, so a CPU profile (BENCH_CPU_PROF) gets written.
process.once('SIGTERM', () => process.exit(0));
