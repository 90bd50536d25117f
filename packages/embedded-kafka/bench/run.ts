/**
 * Benchmark: kafkajs produce throughput, end-to-end produce→consume throughput and latency at a
 * fixed rate, against a loopback TCP echo of the same bytes measured in the same run as the ceiling.
 * The broker and the echo server each run in their own process, like a real broker would.
 *
 *   npm run bench            (builds bench/ and src/ into dist/bench-build, then runs)
 *   BENCH_MESSAGES=100000 npm run bench
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

const MESSAGE_BYTES = 1024;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const IN_FLIGHT = 4;
const PACED_RATE = Number(process.env.BENCH_RATE ?? 2_000); // msgs/s
const PACED_SECONDS = 5;
const payload = Buffer.alloc(MESSAGE_BYTES, 'x');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function latencySummary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (n=${sorted.length})`;
}

function rate(count: number, ms: number): string {
  const perSecond = (count / ms) * 1000;
  return `${Math.round(perSecond).toLocaleString('en-US')} msgs/s (${((perSecond * MESSAGE_BYTES) / 1e6).toFixed(1)} MB/s)`;
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
async function echoBench(port: number): Promise<{ throughput: string; latency: string }> {
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
  const throughput = rate(MESSAGES, performance.now() - started);

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
  return { throughput, latency: latencySummary(samples) };
}

async function kafkaBench(brokers: string[]) {
  const kafka = new Kafka({ brokers, clientId: 'bench', logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: 'bench-produce', numPartitions: 6 },
      { topic: 'bench-e2e', numPartitions: 6 },
      { topic: 'bench-latency', numPartitions: 6 },
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

  const results: Record<string, string> = {};
  for (const acks of [1, -1]) {
    const started = performance.now();
    await sendAll('bench-produce', acks);
    results[`produce acks=${acks}`] = rate(MESSAGES, performance.now() - started);
  }

  // End to end: time from the first send to the last record handed to the consumer.
  const consumer = kafka.consumer({
    groupId: 'bench-e2e',
    maxWaitTimeInMs: 100,
    maxBytes: 10 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: ['bench-e2e', 'bench-latency'], fromBeginning: false });
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
      if (batch.topic === 'bench-latency') {
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
  await sendAll('bench-e2e', 1);
  await allConsumed;
  results['end to end (acks=1)'] = rate(MESSAGES, performance.now() - started);

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
        topic: 'bench-latency',
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
  results[`latency at ${PACED_RATE} msgs/s`] = latencySummary(latencies);

  await consumer.disconnect();
  await producer.disconnect();
  return results;
}

const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const broker = await startChild([cli, '--port', '0', '--partitions', '6', '--log-level', 'error']);
const echo = await startChild(['-e', ECHO_SERVER]);
try {
  console.log(
    `embedded-kafka benchmark — ${MESSAGES} messages of ${MESSAGE_BYTES} B, batches of ${BATCH}, ${IN_FLIGHT} in flight`,
  );
  console.log(
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const ceiling = await echoBench(echo.port);
  console.log(`tcp echo ceiling                  ${ceiling.throughput}`);
  console.log(`tcp echo latency at ${PACED_RATE} msgs/s   ${ceiling.latency}`);
  const brokerCpuBefore = cpuSeconds(broker.child.pid!);
  const clientCpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  for (const [name, figure] of Object.entries(await kafkaBench([`127.0.0.1:${broker.port}`]))) {
    console.log(`kafkajs ${name.padEnd(26)}${figure}`);
  }
  // Where the time went: who was busy, the broker or the kafkajs clients?
  const client = process.cpuUsage(clientCpuBefore);
  console.log(
    `cpu during kafkajs runs: broker ${(cpuSeconds(broker.child.pid!) - brokerCpuBefore).toFixed(1)} s, ` +
      `kafkajs clients ${((client.user + client.system) / 1e6).toFixed(1)} s, ` +
      `wall ${((performance.now() - wallBefore) / 1000).toFixed(1)} s`,
  );
} finally {
  broker.child.kill('SIGTERM');
  echo.child.kill('SIGTERM');
}
