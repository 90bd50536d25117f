// Outbox-to-handler benchmark: a service records events in its transactions while the relay
// publishes them and another service's idempotent handler consumes them, next to a bare kafkajs
// producer and consumer moving the same encoded events in the same batches (no outbox, relay,
// transaction or idempotency record) on the same broker, as the baseline. Every part runs in its
// own process: the broker and the database (the embedded servers' CLIs, in memory), this process
// (recording and relay, or the bare producer) and the consumer (bench/consumer-process.ts), so
// the CPU each spends per event is measured separately (Linux /proc), and the database commands
// of both sides are counted (the driver's command monitoring).
//
// Each round measures, for the baseline and then the backbone: throughput at saturation (closed
// loop: `concurrency` writers sending transactions of `perTransaction` events as fast as they
// can; events from the first send to the last handled) and latency at a steady rate (open loop,
// `steadyRate` events/s; event time → handled, i.e. its transaction committed). Medians of the
// rounds go to docs/benchmarks.md.
//   npm run bench -- [events=3000] [perTransaction=10] [rounds=3] [steadyRate=1000] [concurrency=4]
// KAFKA_BROKERS and MONGO_URL run it against real servers (their CPU is then not measured).
// BENCH_CPU_PROF=<dir> writes a CPU profile of every process into <dir>.
import {
  createRounds,
  processCpuSeconds,
  recordBenchmark,
  runLoad,
  summarizeLatencies,
} from '@shuangchuang/bench-kit';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { createEventBackbone, encodeEvent, type CloudEvent } from '../src/index.js';
import {
  benchCatalog,
  benchTopics,
  WIDGET_CHANGED,
  WIDGET_COUNTED,
  type BenchEvents,
} from './bench-catalog.js';
import type { FromConsumer, ToConsumer } from './consumer-process.js';

const [events = 3000, perTransaction = 10, roundCount = 3, steadyRate = 1000, concurrency = 4] =
  process.argv.slice(2).map(Number);
const steadyEvents = steadyRate * 3; // three seconds at the steady rate
const lightRate = 200; // well below saturation: the latency of the path itself, without a queue
const widgets = 50;
const startedAt = new Date();
const loadBefore = os.loadavg();
const require = createRequire(import.meta.url);
const profiling = process.env.BENCH_CPU_PROF
  ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
  : [];

/** Starts an embedded server's CLI and resolves with it and what it printed when ready. */
async function startServer(pkg: string, args: string[], ready: RegExp) {
  const cli = path.join(path.dirname(require.resolve(pkg)), 'cli.js');
  const child = spawn(process.execPath, [...profiling, cli, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`${pkg} exited with ${code}: ${output}`)));
  });
  return { child, match };
}

const children: ChildProcess[] = [];
process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));
let brokerProcess: ChildProcess | undefined;
let databaseProcess: ChildProcess | undefined;
let brokers = process.env.KAFKA_BROKERS?.split(',');
let uri = process.env.MONGO_URL;
if (!brokers) {
  const broker = await startServer(
    '@shuangchuang/embedded-kafka',
    ['--port', '0', '--log-level', 'error'],
    /listening on ([\d.]+:\d+)/,
  );
  children.push((brokerProcess = broker.child));
  brokers = [broker.match[1]!];
}
if (!uri) {
  const database = await startServer(
    '@shuangchuang/embedded-mongo',
    ['--port', '0', '--log-level', 'error'],
    /listening on (\S+)/,
  );
  children.push((databaseProcess = database.child));
  uri = database.match[1]!;
}

const runId = Date.now().toString(36);
const emitterDb = await mongoose
  .createConnection(uri, { dbName: `bench_emit_${runId}`, monitorCommands: true })
  .asPromise();
/** Commands of this process: in a recording transaction, or the relay's. */
const emitterCommands = { recording: 0, relay: 0 };
emitterDb.getClient().on('commandStarted', ({ command }) => {
  if (command.autocommit === false) emitterCommands.recording += 1;
  else emitterCommands.relay += 1;
});
const emitter = createEventBackbone<BenchEvents>({
  serviceName: 'bench-emitter',
  kafka: { brokers },
  connection: emitterDb,
  catalog: benchCatalog,
  topics: benchTopics,
});
await emitter.ensureTopics();
const relay = emitter.startRelay();

const kafka = new Kafka({ clientId: 'bench-bare', brokers, logLevel: logLevel.NOTHING });
const bareTopic = `bench.bare.${runId}`;
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: bareTopic, numPartitions: 3 }] });
await admin.disconnect();
const bareProducer = kafka.producer({ allowAutoTopicCreation: false });
await bareProducer.connect();

// The consumer process; its messages are awaited one kind at a time.
const consumer = spawn(
  process.execPath,
  [...profiling, '--import', 'tsx', 'bench/consumer-process.ts'],
  {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      MONGO_URL: uri,
      KAFKA_BROKERS: brokers.join(','),
      DB: `bench_consume_${runId}`,
      GROUP: `bench.${runId}`,
      BARE_TOPIC: bareTopic,
    },
  },
);
children.push(consumer);
function fromConsumer<K extends FromConsumer['kind']>(kind: K) {
  return new Promise<Extract<FromConsumer, { kind: K }>>((resolve) => {
    const listener = (message: FromConsumer) => {
      if (message.kind !== kind) return;
      consumer.off('message', listener);
      resolve(message as Extract<FromConsumer, { kind: K }>);
    };
    consumer.on('message', listener);
  });
}
await fromConsumer('ready');

function widgetEvent(prefix: string, n: number): CloudEvent {
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

type Send = (prefix: string, from: number, count: number) => Promise<void>;

const sendBare: Send = async (prefix, from, count) => {
  const messages = Array.from({ length: count }, (_, i) =>
    encodeEvent(widgetEvent(prefix, from + i)),
  );
  await bareProducer.send({ topic: bareTopic, acks: -1, messages });
};

/** Records events of `type` as a service does: a business write and the outbox, one transaction. */
const recordInTransaction =
  (type: typeof WIDGET_CHANGED | typeof WIDGET_COUNTED): Send =>
  async (prefix, from, count) => {
    const session = await emitterDb.startSession();
    try {
      await session.withTransaction(async () => {
        const batch = Array.from({ length: count }, (_, i) => {
          const widgetId = `${prefix}-${(from + i) % widgets}`;
          return { type, aggregateId: widgetId, data: { widgetId, n: from + i } };
        });
        await emitterDb.collection('widget_changes').insertOne({ at: new Date() }, { session });
        await emitter.outbox.record(session, batch);
      });
    } finally {
      await session.endSession();
    }
  };

const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const cpuNow = () => [
  ownCpu(),
  processCpuSeconds(consumer.pid),
  processCpuSeconds(brokerProcess?.pid),
  processCpuSeconds(databaseProcess?.pid),
];

/** Sends `count` events through `send`, saturating or at the steady rate; returns the figures. */
async function runRound(send: Send, count: number, rate?: number) {
  const prefix = `r-${randomUUID().slice(0, 8)}`;
  consumer.send({ kind: 'expect', prefix, count } satisfies ToConsumer);
  await fromConsumer('expecting');
  const done = fromConsumer('done');
  const cpuBefore = cpuNow();
  const commandsBefore = { ...emitterCommands };
  const started = Date.now();
  const transactions = Math.ceil(count / perTransaction);
  await runLoad({
    concurrency: rate ? 16 : concurrency,
    ...(rate ? { ratePerSecond: rate / perTransaction } : {}),
    count: transactions,
    request: async (t) => {
      await send(prefix, t * perTransaction, Math.min(perTransaction, count - t * perTransaction));
      return 200;
    },
  });
  const sentAt = Date.now();
  const { latencies, lastHandledAt, commands } = await done;
  const [producer, consuming, broker, database] = cpuNow().map(
    (after, i) => ((after - cpuBefore[i]!) * 1000) / count,
  );
  const { p50, p99, max } = summarizeLatencies(latencies);
  const consumerCommands = Object.values(commands).reduce((sum, n) => sum + n, 0);
  return {
    throughput: (count * 1000) / Math.max(1, lastHandledAt - started),
    sent: (count * 1000) / Math.max(1, sentAt - started),
    p50,
    p99,
    max,
    cpu: { producer: producer!, consumer: consuming!, broker: broker!, database: database! },
    commands: {
      recordingPerTransaction:
        (emitterCommands.recording - commandsBefore.recording) / transactions,
      relayPerEvent: (emitterCommands.relay - commandsBefore.relay) / count,
      consumerPerEvent: consumerCommands / count,
      consumerByName: commands,
    },
  };
}

const BASELINE = 'bare kafkajs producer → consumer';
const BACKBONE = 'outbox → relay → idempotent handler';
const BATCH_FORM = 'outbox → relay → batch-form handler';
const ms = { unit: 'ms', better: 'lower' } as const;
const cpu = { unit: 'ms CPU/event', better: 'lower' } as const;
const rounds = createRounds({
  throughput: { unit: 'events/s', better: 'higher' },
  p50: ms,
  p99: ms,
  'saturated p99': ms,
  [`p50 at ${lightRate}/s`]: ms,
  [`p99 at ${lightRate}/s`]: ms,
  'cpu producer': cpu,
  'cpu consumer': cpu,
  'cpu broker': cpu,
  'cpu database': cpu,
  'db commands': { unit: 'commands/event', better: 'lower' },
});
console.log(
  `events: ${events} per saturated round (${concurrency} writers, transactions of ${perTransaction}), ` +
    `${steadyEvents} at ${steadyRate}/s, ${widgets} aggregates; against ` +
    `${process.env.KAFKA_BROKERS ? brokers.join(',') : 'the embedded broker'} + ` +
    `${process.env.MONGO_URL ? 'MONGO_URL' : 'embedded mongo'}, each in its own process`,
);
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : 'n/a');
const commandNote: Record<string, string> = {};
for (let round = 1; round <= roundCount; round++) {
  for (const [label, send] of [
    [BASELINE, sendBare],
    [BACKBONE, recordInTransaction(WIDGET_CHANGED)],
    [BATCH_FORM, recordInTransaction(WIDGET_COUNTED)],
  ] as const) {
    const saturated = await runRound(send, events);
    const steady = await runRound(send, steadyEvents, steadyRate);
    const light = await runRound(send, lightRate * 3, lightRate);
    const { commands } = saturated;
    const measured: Record<string, number> = {
      throughput: saturated.throughput,
      p50: steady.p50,
      p99: steady.p99,
      'saturated p99': saturated.p99,
      [`p50 at ${lightRate}/s`]: light.p50,
      [`p99 at ${lightRate}/s`]: light.p99,
      'cpu producer': saturated.cpu.producer,
      'cpu consumer': saturated.cpu.consumer,
      'cpu broker': saturated.cpu.broker,
      'cpu database': saturated.cpu.database,
    };
    if (label !== BASELINE) {
      measured['db commands'] =
        commands.recordingPerTransaction / perTransaction +
        commands.relayPerEvent +
        commands.consumerPerEvent;
    }
    rounds.add(
      label,
      Object.fromEntries(Object.entries(measured).filter(([, value]) => Number.isFinite(value))),
    );
    console.log(
      `r${round} ${label.padEnd(36)} ${Math.round(saturated.throughput)} events/s saturated ` +
        `(sent ${Math.round(saturated.sent)}/s, p50 ${saturated.p50} ms, p99 ${saturated.p99} ms); ` +
        `at ${steadyRate}/s p50 ${steady.p50} ms, p99 ${steady.p99} ms, max ${steady.max} ms; ` +
        `at ${lightRate}/s p50 ${light.p50} ms, p99 ${light.p99} ms; ` +
        `CPU ms/event producer ${fmt(saturated.cpu.producer)}, consumer ${fmt(saturated.cpu.consumer)}, ` +
        `broker ${fmt(saturated.cpu.broker)}, database ${fmt(saturated.cpu.database)}`,
    );
    if (label !== BASELINE) {
      commandNote[label] =
        `database commands: ${commands.recordingPerTransaction.toFixed(2)} per recording ` +
        `transaction of ${perTransaction} events, relay ${commands.relayPerEvent.toFixed(3)} per ` +
        `event, consumer ${commands.consumerPerEvent.toFixed(3)} per event (` +
        Object.entries(commands.consumerByName)
          .map(([name, n]) => `${name} ${(n / events).toFixed(3)}`)
          .join(', ') +
        ')';
      console.log(`   ${commandNote[label]}`);
    }
  }
}

const baselineRow = rounds.row(BASELINE);
const backboneRow = rounds.row(
  BACKBONE,
  'one update per event, as the services’ handlers are written today',
);
const batchRow = rounds.row(
  BATCH_FORM,
  'the same with the handler in its batch form: one bulkWrite per batch for all its events',
);
const bare = baselineRow.figures.throughput!.value;
const verdict = (row: typeof backboneRow) => {
  const throughput = row.figures.throughput!.value;
  const p99 = row.figures.p99!.value;
  return {
    met: throughput >= 1500 && throughput / bare >= 0.5 && p99 <= 100,
    text: `${Math.round(throughput)} events/s (${Math.round((throughput / bare) * 100)} % of bare), p99 ${p99} ms at ${steadyRate} events/s`,
  };
};
const [perEvent, batchForm] = [verdict(backboneRow), verdict(batchRow)];
recordBenchmark({
  id: 'event-backbone',
  title: 'Transactional outbox to event handler (event-backbone)',
  measures:
    `A service records events in MongoDB transactions of ${perTransaction} (a business write plus ` +
    'the outbox entries), the relay publishes them to Kafka, and another service’s idempotent ' +
    'handler consumes them (a partition’s batch in one transaction, one update per event, or in ' +
    'the batch form one bulk write per batch). ' +
    `Throughput at saturation (${concurrency} writers, ${events} events: first send to last ` +
    `handled); p50/p99 at a steady ${steadyRate} events/s (event time → its handling transaction ` +
    `committed), and at a light ${lightRate} events/s (the path's own latency, no queue); ` +
    '“saturated p99” the same at saturation. CPU per event of each process at ' +
    'saturation: producer (recording and relay, or the bare producer), consumer, broker, ' +
    'database; database commands per event of recording, relay and consumer together. Broker and ' +
    'database are the embedded servers, in memory, each in its own process.',
  baseline: {
    ...baselineRow,
    description:
      'A bare kafkajs producer and consumer on the same broker: the same events, CloudEvents-' +
      `encoded the same way, sent in batches of ${perTransaction} with acks=all by the same number ` +
      'of writers and handled by a consumer that only notes the time — no outbox, no relay, no ' +
      'database, no idempotency record.',
  },
  rows: [backboneRow, batchRow],
  headline: BATCH_FORM,
  goal: {
    description:
      '≥ 1,500 events/s and ≥ 50 % of the bare baseline; p99 ≤ 100 ms (issue #19), with the ' +
      'batch-form handler the services are to adopt',
    met: batchForm.met,
    detail: `batch form ${batchForm.text}; per-event handler ${perEvent.text}`,
  },
  rounds: roundCount,
  parameters: {
    'events per saturated round': events,
    'events per transaction': perTransaction,
    writers: concurrency,
    'steady rate (events/s)': steadyRate,
    aggregates: widgets,
  },
  notes: [
    ...Object.entries(commandNote).map(([label, note]) => `${label}: ${note} (last round).`),
    `Relay over the run: ${relay.stats.rounds} rounds (idle polls included), ` +
      `${relay.stats.produceRequests} produce requests (gzip) for ${relay.stats.published} events.`,
    `Run ${startedAt.toISOString().slice(0, 16)}–${new Date().toISOString().slice(11, 16)} UTC; ` +
      `load average (1/5/15 min) ${loadBefore.map((l) => l.toFixed(1)).join('/')} before, ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join('/')} after, on ${os.availableParallelism()} cores.`,
  ],
});

await bareProducer.disconnect();
await emitter.stop();
await emitterDb.close();
// Each child exits cleanly on SIGTERM (writing its CPU profile when asked to); then this one.
await Promise.all(
  children.map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  ),
);
