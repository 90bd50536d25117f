/**
 * Benchmark: kafkajs produce throughput, end-to-end produce→consume throughput and latency at a
 * fixed rate, against a loopback TCP echo of the same bytes measured in the same run as the
 * baseline (the ceiling). The broker and the echo server each run in their own process, like a
 * real broker would. Each round measures the echo and then the broker on fresh topics; the
 * figures recorded for docs/benchmarks.md are the medians of the rounds.
 *
 *   npm run bench            (builds bench/ and src/ into dist/bench-build, then runs)
 *   BENCH_MESSAGES=100000 BENCH_ROUNDS=5 npm run bench
 *   BENCH_DURABLE=1 npm run bench   (the broker keeps its log in a data directory, not in memory)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRounds, recordBenchmark, summarizeLatencies } from '@shuangchuang/bench-kit';
import { Kafka, logLevel } from 'kafkajs';

const MESSAGE_BYTES = 1024;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const IN_FLIGHT = 4;
const PACED_RATE = Number(process.env.BENCH_RATE ?? 2_000); // msgs/s
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 2);
const DURABLE = process.env.BENCH_DURABLE === '1';
const payload = Buffer.alloc(MESSAGE_BYTES, 'x');

/** A row's figures in one round: throughput in msgs/s and/or latency percentiles in ms. */
type Measured = { throughput?: number; p50?: number; p99?: number };

function latencyFigures(samples: number[]): Measured {
  const { p50, p99 } = summarizeLatencies(samples);
  return { p50, p99 };
}

function throughputFigures(count: number, ms: number): Measured {
  return { throughput: (count / ms) * 1000 };
}

function describe(figures: Measured): string {
  const parts: string[] = [];
  if (figures.throughput !== undefined)
    parts.push(
      `${Math.round(figures.throughput).toLocaleString('en-US')} msgs/s (${((figures.throughput * MESSAGE_BYTES) / 1e6).toFixed(1)} MB/s)`,
    );
  if (figures.p50 !== undefined)
    parts.push(`p50 ${figures.p50.toFixed(2)} ms, p99 ${figures.p99!.toFixed(2)} ms`);
  return parts.join(', ');
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks
}

/** Starts a child process that prints its port as the last word of its first stdout line. */
function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({ child, port: Number(line.split(':').pop()) });
    });
  });
}

const ECHO_SERVER = `
const net = require('node:net');
const server = net.createServer((s) => { s.setNoDelay(true); s.pipe(s); });
server.listen(0, '127.0.0.1', () => console.log('echo listening on 127.0.0.1:' + server.address().port));
`;

/** The ceiling: the same 1 KB messages, batched the same way, bounced off a bare TCP echo. */
async function echoBench(port: number): Promise<Measured> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = 0;
  let onData: () => void = () => {};
  socket.on('data', (d: Buffer) => {
    received += d.length;
    onData();
  });
  const until = (bytes: number) =>
    new Promise<void>((resolve) => {
      onData = () => received >= bytes && resolve();
      onData();
    });

  const batch = Buffer.concat(Array.from({ length: BATCH }, () => payload));
  const started = performance.now();
  for (let sent = 0; sent < MESSAGES; sent += BATCH) {
    if (!socket.write(batch)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await until(MESSAGES * MESSAGE_BYTES);
  const throughput = throughputFigures(MESSAGES, performance.now() - started);

  const samples: number[] = [];
  const total = PACED_RATE * PACED_SECONDS;
  const interval = 1000 / PACED_RATE;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const target = received + MESSAGE_BYTES;
    const sentAt = performance.now();
    socket.write(payload);
    await until(target);
    samples.push(performance.now() - sentAt);
  }
  socket.destroy();
  return { ...throughput, ...latencyFigures(samples) };
}

async function kafkaBench(brokers: string[], round: number) {
  const produceTopic = `bench-produce-${round}`;
  const e2eTopic = `bench-e2e-${round}`;
  const latencyTopic = `bench-latency-${round}`;
  const kafka = new Kafka({ brokers, clientId: 'bench', logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: produceTopic, numPartitions: 6 },
      { topic: e2eTopic, numPartitions: 6 },
      { topic: latencyTopic, numPartitions: 6 },
    ],
  });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();

  const sendAll = async (topic: string, acks: number) => {
    let next = 0;
    const worker = async () => {
      while (next < MESSAGES) {
        const from = next;
        next += BATCH;
        const messages = Array.from({ length: Math.min(BATCH, MESSAGES - from) }, (_, i) => ({
          key: `k${(from + i) % 64}`,
          value: payload,
        }));
        await producer.send({ topic, acks, messages });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  };

  const results: Record<string, Measured> = {};
  for (const acks of [1, -1]) {
    const started = performance.now();
    await sendAll(produceTopic, acks);
    results[`produce acks=${acks}`] = throughputFigures(MESSAGES, performance.now() - started);
  }

  // End to end: time from the first send to the last record handed to the consumer.
  const consumer = kafka.consumer({
    groupId: `bench-e2e-${round}`,
    maxWaitTimeInMs: 100,
    maxBytes: 10 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [e2eTopic, latencyTopic], fromBeginning: false });
  let consumed = 0;
  let onConsumed: () => void = () => {};
  const latencies: number[] = [];
  let joined: () => void = () => {};
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      if (batch.topic === latencyTopic) {
        for (const m of batch.messages) latencies.push(now - Number(m.headers!.sentAt!.toString()));
      } else {
        consumed += batch.messages.length;
        onConsumed();
      }
    },
  });
  await ready;
  // Let the first fetches of the fresh group settle before timing.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const started = performance.now();
  const allConsumed = new Promise<void>(
    (resolve) => (onConsumed = () => consumed >= MESSAGES && resolve()),
  );
  await sendAll(e2eTopic, 1);
  await allConsumed;
  results['end to end (acks=1)'] = throughputFigures(MESSAGES, performance.now() - started);

  // Latency at a fixed rate: one message every 1/PACED_RATE s, sent without batching.
  const total = PACED_RATE * PACED_SECONDS;
  const tick = 10; // ms: send the messages due in each 10 ms slot together
  const perTick = (PACED_RATE * tick) / 1000;
  const t0 = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < total; i += perTick) {
    const wait = t0 + (i / perTick) * tick - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sentAt = String(performance.now());
    sends.push(
      producer.send({
        topic: latencyTopic,
        acks: 1,
        messages: Array.from({ length: perTick }, (_, j) => ({
          key: `k${i + j}`,
          value: payload,
          headers: { sentAt },
        })),
      }),
    );
  }
  await Promise.all(sends);
  const deadline = Date.now() + 30_000;
  while (latencies.length < total && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  results[`latency at ${PACED_RATE} msgs/s`] = latencyFigures(latencies);

  await consumer.disconnect();
  await producer.disconnect();
  return results;
}

const ECHO = 'tcp echo (same bytes, same batches)';
const rounds = createRounds({
  throughput: { unit: 'msgs/s', better: 'higher' },
  p50: { unit: 'ms', better: 'lower' },
  p99: { unit: 'ms', better: 'lower' },
});
const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const dataDir = DURABLE ? fs.mkdtempSync(`${os.tmpdir()}/embedded-kafka-bench-`) : undefined;
const broker = await startChild([
  cli,
  ...['--port', '0', '--partitions', '6', '--log-level', 'error'],
  ...(dataDir ? ['--data-dir', dataDir] : []),
]);
const echo = await startChild(['-e', ECHO_SERVER]);
try {
  console.log(
    `embedded-kafka benchmark — ${MESSAGES} messages of ${MESSAGE_BYTES} B, batches of ${BATCH}, ${IN_FLIGHT} in flight, ${ROUNDS} rounds`,
  );
  console.log(
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (let round = 1; round <= ROUNDS; round++) {
    const ceiling = await echoBench(echo.port);
    rounds.add(ECHO, ceiling);
    console.log(`r${round} ${ECHO.padEnd(38)}${describe(ceiling)}`);
    const brokerCpuBefore = cpuSeconds(broker.child.pid!);
    const clientCpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    for (const [name, figures] of Object.entries(
      await kafkaBench([`127.0.0.1:${broker.port}`], round),
    )) {
      rounds.add(`kafkajs ${name}`, figures);
      console.log(`r${round} kafkajs ${name.padEnd(30)}${describe(figures)}`);
    }
    // Where the time went: who was busy, the broker or the kafkajs clients?
    const client = process.cpuUsage(clientCpuBefore);
    console.log(
      `r${round} cpu during kafkajs runs: broker ${(cpuSeconds(broker.child.pid!) - brokerCpuBefore).toFixed(1)} s, ` +
        `kafkajs clients ${((client.user + client.system) / 1e6).toFixed(1)} s, ` +
        `wall ${((performance.now() - wallBefore) / 1000).toFixed(1)} s`,
    );
  }
  const endToEnd = rounds.row('kafkajs end to end (acks=1)');
  const paced = rounds.row(`kafkajs latency at ${PACED_RATE} msgs/s`);
  const throughputMet = endToEnd.figures.throughput!.value >= 20_000;
  const latencyMet = paced.figures.p99!.value <= 50;
  recordBenchmark({
    id: 'embedded-kafka',
    title: 'Embedded Kafka-compatible broker (embedded-kafka)',
    measures:
      `kafkajs against the broker in its own process: produce throughput with acks=1 and ` +
      `acks=-1 (${MESSAGES} messages of ${MESSAGE_BYTES} B, batches of ${BATCH}, ${IN_FLIGHT} ` +
      `batches in flight, 6 partitions), end-to-end throughput (first send → last record handed ` +
      `to a consumer group), and produce→consume latency at a fixed ${PACED_RATE} msgs/s.`,
    baseline: {
      ...rounds.row(ECHO),
      description:
        'A bare TCP echo server in its own process: the same 1 KB messages written in the same ' +
        'batches over one loopback socket and read back (throughput), and one message at a time ' +
        `at ${PACED_RATE} msgs/s (latency) — the ceiling of moving these bytes through a second ` +
        'Node.js process on this machine, with no Kafka protocol, log or client library.',
    },
    headline: 'kafkajs end to end (acks=1)',
    rows: rounds
      .labels()
      .filter((label) => label !== ECHO)
      .map((label) => rounds.row(label)),
    goal: {
      description: `≥ 20,000 msgs/s end to end and p99 ≤ 50 ms at ${PACED_RATE} msgs/s`,
      met: throughputMet && latencyMet,
      detail: `end to end ${throughputMet ? 'met' : 'not met'}, latency ${latencyMet ? 'met' : 'not met'}`,
    },
    rounds: ROUNDS,
    parameters: {
      messages: MESSAGES,
      'message bytes': MESSAGE_BYTES,
      batch: BATCH,
      'latency run seconds': PACED_SECONDS,
      'broker log': DURABLE ? 'data directory' : 'in memory',
    },
  });
} finally {
  broker.child.kill('SIGTERM');
  echo.child.kill('SIGTERM');
  if (dataDir) {
    await new Promise((resolve) => broker.child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
