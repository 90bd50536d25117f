// Throughput and latency of inserts and indexed finds through mongoose against the embedded server
// (run as a separate process, as in development), next to a raw TCP round trip of the same size
// to a bare echo process as the baseline, and the same lookup run in-process on the server's own
// store as the server's ceiling, and the same findOne answered by a proxy that replays a recorded
// reply (bench/recorded-find-server.mjs) as the client stack's ceiling. Each round measures everything once; the figures recorded for
// docs/benchmarks.md are the medians of the rounds.
// Run after `npm run build`: `npm run bench -w @shuangchuang/embedded-mongo`
// (BENCH_SIZE=100000 BENCH_LOOKUPS=5000 BENCH_ROUNDS=5 for a longer run).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRounds, recordBenchmark, summarizeLatencies } from '@shuangchuang/bench-kit';
import mongoose from 'mongoose';
import { DataView } from '../dist/storage/view.js';
import { Store } from '../dist/storage/store.js';
import { TransactionManager } from '../dist/storage/transactions.js';

const SIZE = Number(process.env.BENCH_SIZE ?? 10_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2000);
const CREATES = Number(process.env.BENCH_CREATES ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 16;
// About the bytes of a findOne by code and of its reply on the wire (OP_MSG).
const REQUEST_BYTES = 180;
const REPLY_BYTES = 260;

function carrier(i) {
  return {
    code: `C-${i}`,
    name: `载体 ${i}`,
    kind: ['maker_space', 'incubator', 'accelerator'][i % 3],
    residents: i % 97,
  };
}

async function timed(count, concurrency, operation) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await operation(i, worker);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { p50, p99 } = summarizeLatencies(latencies);
  return { seconds, throughput: count / seconds, p50, p99 };
}

/** CPU seconds a child process has used (Linux /proc; undefined elsewhere). */
function childCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
  } catch {
    return undefined;
  }
}

async function startChild(args, pattern) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  return { child, address: pattern.exec(line.toString())[1] };
}

// The baseline server: answers every request of REQUEST_BYTES with REPLY_BYTES, in its own process.
const ECHO_SERVER = `
const net = require('node:net');
const server = net.createServer((s) => {
  s.setNoDelay(true);
  let pending = 0;
  s.on('data', (d) => {
    pending += d.length;
    while (pending >= ${REQUEST_BYTES}) { pending -= ${REQUEST_BYTES}; s.write(Buffer.alloc(${REPLY_BYTES}, 1)); }
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
`;

/** One socket per worker, each sending a request and waiting for its reply, like a driver pool. */
async function tcpRoundTrips(port, count, concurrency) {
  const sockets = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      await once(socket, 'connect');
      let received = 0;
      let waiter = () => {};
      socket.on('data', (d) => {
        received += d.length;
        waiter();
      });
      return {
        socket,
        roundTrip: () =>
          new Promise((resolve) => {
            const target = received + REPLY_BYTES;
            waiter = () => received >= target && resolve();
            socket.write(Buffer.alloc(REQUEST_BYTES, 2));
          }),
      };
    }),
  );
  const figures = await timed(count, concurrency, (_i, worker) => sockets[worker].roundTrip());
  for (const { socket } of sockets) socket.destroy();
  return figures;
}

const server = await startChild(
  [fileURLToPath(new URL('../dist/cli.js', import.meta.url)), '--port', '0', '--log-level', 'warn'],
  /listening on (\S+)/,
);
const echo = await startChild(['-e', ECHO_SERVER], /listening on (\d+)/);
const recorded = await startChild(
  [
    fileURLToPath(new URL('./recorded-find-server.mjs', import.meta.url)),
    new URL(server.address).host,
  ],
  /listening on (\S+)/,
);
const connection = await mongoose
  .createConnection(server.address, { dbName: 'bench', maxPoolSize: CONCURRENCY })
  .asPromise();
const Carrier = connection.model(
  'Carrier',
  new mongoose.Schema({
    code: { type: String, index: true },
    name: String,
    kind: String,
    residents: Number,
  }),
);
await Carrier.init();
// The same model through the recorded-reply proxy: everything but find reaches the real server.
const recordedConnection = await mongoose
  .createConnection(recorded.address, { dbName: 'bench', maxPoolSize: CONCURRENCY })
  .asPromise();
const RecordedCarrier = recordedConnection.model('Carrier', Carrier.schema);

// Ceiling: the same lookup on the server's store in this process (no wire, no driver).
const store = new Store();
store.applyInMemory([
  {
    op: 'createIndex',
    db: 'bench',
    coll: 'carriers',
    spec: { v: 2, key: { code: 1 }, name: 'code_1' },
  },
]);
store.applyInMemory(
  Array.from({ length: SIZE }, (_, i) => ({
    op: 'insert',
    db: 'bench',
    coll: 'carriers',
    doc: { _id: i, ...carrier(i) },
  })),
);
const view = new DataView(store, new TransactionManager(store));

const BASELINE = 'raw TCP round trip, 1 in flight';
const FIND_CONCURRENT = `findOne by indexed field, ${CONCURRENCY} in flight`;
const RECORDED_CONCURRENT = `same findOne, ${CONCURRENCY} in flight, answered from a recorded reply (client ceiling)`;
const rounds = createRounds({
  throughput: { unit: 'ops/s', better: 'higher' },
  'bulk insert': { unit: 'docs/s', better: 'higher' },
  p50: { unit: 'ms', better: 'lower' },
  p99: { unit: 'ms', better: 'lower' },
});
const key = (i) => `C-${(i * 7919) % SIZE}`;
const printed = [];
// CPU microseconds per findOne (16 in flight): the bench process (mongoose, driver) and the server.
const cpuPerFind = { client: [], server: [] };
for (let round = 1; round <= ROUNDS; round++) {
  const measured = {};
  measured[BASELINE] = await tcpRoundTrips(Number(echo.address), LOOKUPS, 1);
  measured[`raw TCP round trip, ${CONCURRENCY} in flight`] = await tcpRoundTrips(
    Number(echo.address),
    LOOKUPS,
    CONCURRENCY,
  );

  await Carrier.deleteMany({});
  const batches = [];
  for (let i = 0; i < SIZE; i += 1000)
    batches.push(Array.from({ length: Math.min(1000, SIZE - i) }, (_, j) => carrier(i + j)));
  const bulk = await timed(batches.length, 1, (i) =>
    Carrier.insertMany(batches[i], { lean: true }),
  );
  measured['insertMany (1000 per batch)'] = {
    'bulk insert': SIZE / bulk.seconds,
    p50: bulk.p50,
    p99: bulk.p99,
  };
  measured['Model.create, 1 in flight'] = await timed(CREATES, 1, (i) =>
    Carrier.create(carrier(SIZE + i)),
  );
  measured['findOne by indexed field, 1 in flight'] = await timed(LOOKUPS, 1, (i) =>
    Carrier.findOne({ code: key(i) }).lean(),
  );
  const clientCpuBefore = process.cpuUsage();
  const serverCpuBefore = childCpuSeconds(server.child.pid);
  measured[FIND_CONCURRENT] = await timed(LOOKUPS, CONCURRENCY, (i) =>
    Carrier.findOne({ code: key(i) }).lean(),
  );
  const clientCpu = process.cpuUsage(clientCpuBefore);
  cpuPerFind.client.push((clientCpu.user + clientCpu.system) / LOOKUPS);
  const serverCpuAfter = childCpuSeconds(server.child.pid);
  if (serverCpuBefore !== undefined && serverCpuAfter !== undefined)
    cpuPerFind.server.push(((serverCpuAfter - serverCpuBefore) * 1e6) / LOOKUPS);
  measured[RECORDED_CONCURRENT] = await timed(LOOKUPS, CONCURRENCY, (i) =>
    RecordedCarrier.findOne({ code: key(i) }).lean(),
  );
  measured['same lookup in-process (ceiling)'] = await timed(LOOKUPS, 1, async (i) =>
    view.find('bench', 'carriers', { code: key(i) }),
  );

  for (const [label, figures] of Object.entries(measured)) {
    const { throughput, p50, p99 } = figures;
    rounds.add(label, { throughput, 'bulk insert': figures['bulk insert'], p50, p99 });
    printed.push({
      round,
      measure: label,
      perSecond: Math.round(throughput ?? figures['bulk insert']),
      p50ms: p50.toFixed(3),
      p99ms: p99.toFixed(3),
    });
  }
}
console.log(`${SIZE} documents, ${LOOKUPS} lookups per measure, ${ROUNDS} rounds`);
console.table(printed);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const clientCpuPerFind = median(cpuPerFind.client);
const serverCpuPerFind = cpuPerFind.server.length ? median(cpuPerFind.server) : undefined;
console.log(
  `CPU per findOne at ${CONCURRENCY} in flight (median of rounds): mongoose + driver ` +
    `${clientCpuPerFind.toFixed(0)} µs, server ${serverCpuPerFind?.toFixed(0) ?? '?'} µs`,
);

const concurrentFinds = rounds.row(FIND_CONCURRENT).figures.throughput.value;
const clientCeiling = rounds.row(RECORDED_CONCURRENT).figures.throughput.value;
recordBenchmark({
  id: 'embedded-mongo',
  title: 'Embedded MongoDB-compatible server (embedded-mongo)',
  measures:
    `mongoose against the server in its own process over a collection of ${SIZE.toLocaleString('en-US')} ` +
    'small documents: bulk and single inserts, and findOne by an indexed field with 1 and ' +
    `${CONCURRENCY} requests in flight; the same lookup run in-process on the server's store ` +
    '(no wire, no driver) shows the server’s own cost, and the same findOne answered by a proxy ' +
    'that replays a recorded reply shows what mongoose and the driver alone allow.',
  baseline: {
    ...rounds.row(BASELINE),
    description:
      `A bare TCP server in its own process that answers each ${REQUEST_BYTES}-byte request with ` +
      `${REPLY_BYTES} bytes (about a findOne and its reply on the wire), one request at a time — ` +
      'the floor of a database round trip between two Node.js processes on this machine.',
  },
  headline: FIND_CONCURRENT,
  rows: rounds
    .labels()
    .filter((label) => label !== BASELINE)
    .map((label) => rounds.row(label)),
  goal: {
    description: `≥ 5,000 indexed finds/s through mongoose (${CONCURRENCY} in flight)`,
    met: concurrentFinds >= 5000,
    detail:
      `${Math.round(concurrentFinds).toLocaleString('en-US')}/s; mongoose and the driver alone, ` +
      `against a server replaying a recorded reply, reach ${Math.round(clientCeiling).toLocaleString('en-US')}/s`,
  },
  rounds: ROUNDS,
  parameters: { documents: SIZE, 'lookups per measure': LOOKUPS, 'creates per round': CREATES },
  notes: [
    `The ${CONCURRENCY}-in-flight TCP row is the baseline’s equivalent of the ${CONCURRENCY}-in-flight findOne row; ratios are all to the 1-in-flight round trip.`,
    'The recorded-reply row runs the same mongoose findOne through a proxy that forwards the handshake, sessions and writes to the real server but answers every find with the bytes of the first real reply: the client stack’s own ceiling on this machine.',
    `CPU per findOne at ${CONCURRENCY} in flight (median of rounds): mongoose and the driver ${clientCpuPerFind.toFixed(0)} µs in the bench process, the server ${serverCpuPerFind?.toFixed(0) ?? '(not measured)'} µs in its own.`,
    'insertMany is counted in documents per second (its own column, no ratio); its latencies are per batch of 1,000.',
  ],
});

await connection.close();
await recordedConnection.close();
recorded.child.kill('SIGTERM');
echo.child.kill('SIGTERM');
server.child.kill('SIGTERM');
await once(server.child, 'exit');
