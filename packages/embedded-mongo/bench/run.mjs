// Throughput and p99 of inserts and indexed finds through mongoose against the embedded server
// (run as a separate process, as in development), next to the same lookup run in-process on the
// server's own store as the ceiling. Run after `npm run build`: `npm run bench -w @shuangchuang/embedded-mongo`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { DataView } from '../dist/storage/view.js';
import { Store } from '../dist/storage/store.js';
import { TransactionManager } from '../dist/storage/transactions.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 5000);
const CONCURRENCY = 16;

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

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
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await operation(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    perSecond: Math.round(count / seconds),
    p50: percentile(latencies, 50).toFixed(3),
    p99: percentile(latencies, 99).toFixed(3),
  };
}

async function startServerProcess() {
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout, 'data');
  return { child, uri: /listening on (\S+)/.exec(line.toString())[1] };
}

const { child, uri } = await startServerProcess();
const connection = await mongoose
  .createConnection(uri, { dbName: 'bench', maxPoolSize: CONCURRENCY })
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

const rows = [];
for (const size of SIZES) {
  await Carrier.deleteMany({});
  const batches = [];
  for (let i = 0; i < size; i += 1000)
    batches.push(Array.from({ length: Math.min(1000, size - i) }, (_, j) => carrier(i + j)));
  const bulk = await timed(batches.length, 1, (i) =>
    Carrier.insertMany(batches[i], { lean: true }),
  );
  const single = await timed(2000, 1, (i) => Carrier.create(carrier(size + i)));
  const key = (i) => `C-${(i * 7919) % size}`;
  const sequential = await timed(LOOKUPS, 1, (i) => Carrier.findOne({ code: key(i) }).lean());
  const concurrent = await timed(LOOKUPS, CONCURRENCY, (i) =>
    Carrier.findOne({ code: key(i) }).lean(),
  );

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
    Array.from({ length: size }, (_, i) => ({
      op: 'insert',
      db: 'bench',
      coll: 'carriers',
      doc: { _id: i, ...carrier(i) },
    })),
  );
  const view = new DataView(store, new TransactionManager(store));
  const inProcess = await timed(LOOKUPS, 1, async (i) =>
    view.find('bench', 'carriers', { code: key(i) }),
  );

  rows.push(
    {
      docs: size,
      measure: 'insertMany (1000/batch), docs/s',
      perSecond: Math.round(size / bulk.seconds),
      p50ms: `${bulk.p50} per batch`,
      p99ms: `${bulk.p99} per batch`,
    },
    {
      docs: size,
      measure: 'Model.create, 1 in flight',
      perSecond: single.perSecond,
      p50ms: single.p50,
      p99ms: single.p99,
    },
    {
      docs: size,
      measure: 'findOne by indexed field, 1 in flight',
      perSecond: sequential.perSecond,
      p50ms: sequential.p50,
      p99ms: sequential.p99,
    },
    {
      docs: size,
      measure: `findOne by indexed field, ${CONCURRENCY} in flight`,
      perSecond: concurrent.perSecond,
      p50ms: concurrent.p50,
      p99ms: concurrent.p99,
    },
    {
      docs: size,
      measure: 'same lookup in-process (ceiling)',
      perSecond: inProcess.perSecond,
      p50ms: inProcess.p50,
      p99ms: inProcess.p99,
    },
  );
}
console.table(rows);
await connection.close();
child.kill('SIGTERM');
await once(child, 'exit');
