// Sorted, limited pages through the driver: the news-feed's public feed over 50,000 articles,
// find({status: 'published'}).sort({publishedAt: -1, _id: -1}).limit(20) and its keyset pages,
// with the index {status: 1, publishedAt: -1, _id: -1}, next to the same first page in mixed
// directions (which no index gives, so it is sorted in memory) and, as the baseline, a find by
// _id through the same driver and server. The server runs as a separate process (the CLI, in
// memory); its CPU time per query comes from /proc. Part of `npm run bench` (after a build):
//   flock /tmp/bench.lock npm run bench:sorted -w @shuangchuang/embedded-mongo
// DIST=<another build's dist/> runs an older server build under the same conditions;
// DOCS=50000 QUERIES=300 IN_MEMORY_QUERIES=30 BUDGET_S=30 (per measure) ROUNDS=3.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import {
  createRounds,
  processCpuSeconds,
  recordBenchmark,
  summarizeLatencies,
} from '@shuangchuang/bench-kit';
import { MongoClient } from 'mongodb';

const dist = process.env.DIST ?? new URL('../dist/', import.meta.url).pathname;
const DOCS = Number(process.env.DOCS ?? 50_000);
const QUERIES = Number(process.env.QUERIES ?? 300);
const IN_MEMORY_QUERIES = Number(process.env.IN_MEMORY_QUERIES ?? 30);
const BUDGET_MS = Number(process.env.BUDGET_S ?? 30) * 1000;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PAGE = 20;

const FIGURES = {
  p50: { unit: 'ms', better: 'lower' },
  p99: { unit: 'ms', better: 'lower' },
  'server CPU': { unit: 'ms/query', better: 'lower' },
};
const rounds = createRounds(FIGURES);
const BASELINE = 'find by _id (one document)';
const FIRST_PAGE = 'feed first page (limit 20), index walk';

async function measure(round, name, pid, query, count = QUERIES) {
  const latencies = [];
  const cpuBefore = processCpuSeconds(pid);
  const started = performance.now();
  for (let i = 0; i < count && performance.now() - started < BUDGET_MS; i++) {
    const t = performance.now();
    await query(i);
    latencies.push(performance.now() - t);
  }
  const serverCpu = ((processCpuSeconds(pid) - cpuBefore) * 1000) / latencies.length;
  const { p50, p99 } = summarizeLatencies(latencies);
  rounds.add(name, { p50, p99, 'server CPU': serverCpu });
  console.log(
    JSON.stringify({
      round,
      measure: name,
      queries: latencies.length,
      p50_ms: +p50.toFixed(2),
      p99_ms: +p99.toFixed(2),
      server_cpu_ms_per_query: +serverCpu.toFixed(2),
    }),
  );
}

const idOf = (i) => `article-${String(i).padStart(6, '0')}`;

const child = spawn(
  process.execPath,
  [join(dist, 'cli.js'), '--port', '0', '--log-level', 'error'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [line] = await once(child.stdout, 'data');
const uri = /(mongodb:\/\/\S+)/.exec(line.toString())[1];
const client = await new MongoClient(uri, { maxPoolSize: 4 }).connect();
try {
  const articles = client.db('bench').collection('articles');
  // Nine in ten published; publication times in minutes, some shared (ties broken by _id).
  const base = Date.UTC(2026, 0, 1);
  for (let from = 0; from < DOCS; from += 2000) {
    await articles.insertMany(
      Array.from({ length: Math.min(2000, DOCS - from) }, (_, j) => {
        const i = from + j;
        return {
          _id: idOf(i),
          status: i % 10 === 9 ? 'draft' : 'published',
          publishedAt: new Date(base + ((i * 7919) % DOCS) * 30_000),
          title: `孵化器新闻 ${i}`,
          summary: '双创载体动态摘要'.repeat(4),
        };
      }),
    );
  }
  await articles.createIndex({ status: 1, publishedAt: -1, _id: -1 });
  const sort = { publishedAt: -1, _id: -1 };
  const mixed = { publishedAt: -1, _id: 1 };
  const feed = () => articles.find({ status: 'published' }).sort(sort).limit(PAGE).toArray();
  await feed(); // warm-up
  // Keyset cursors spread over the whole feed, as deep pages ask for them.
  const published = await articles
    .find({ status: 'published' }, { projection: { publishedAt: 1 } })
    .sort(sort)
    .toArray();
  const cursors = Array.from(
    { length: 64 },
    (_, k) => published[Math.floor(((k * 37) % 64) * (published.length / 64))],
  );
  console.log(JSON.stringify({ docs: DOCS, published: published.length, dist }));
  const keysetPage = (i) => {
    const at = cursors[i % cursors.length];
    return articles
      .find({
        status: 'published',
        $or: [
          { publishedAt: { $lt: at.publishedAt } },
          { publishedAt: at.publishedAt, _id: { $lt: at._id } },
        ],
      })
      .sort(sort)
      .limit(PAGE)
      .toArray();
  };
  const pid = child.pid;
  for (let round = 1; round <= ROUNDS; round++) {
    await measure(round, BASELINE, pid, (i) => articles.findOne({ _id: idOf(i % DOCS) }));
    await measure(round, FIRST_PAGE, pid, feed);
    await measure(round, 'feed keyset page (limit 20, random depth), index walk', pid, (i) =>
      keysetPage(i),
    );
    await measure(
      round,
      'feed first page, mixed directions {publishedAt: -1, _id: 1}: sorted in memory',
      pid,
      () => articles.find({ status: 'published' }).sort(mixed).limit(PAGE).toArray(),
      IN_MEMORY_QUERIES,
    );
  }
  recordBenchmark({
    id: 'embedded-mongo-sorted-pages',
    title: 'Sorted pages from an index (embedded-mongo)',
    measures:
      `Latency of sorted, limited pages through the mongodb driver, one query in flight, over ` +
      `${DOCS.toLocaleString('en-US')} articles (nine in ten published) with the index ` +
      '{status: 1, publishedAt: -1, _id: -1}: the news feed’s first page and keyset pages at ' +
      'random depths, which the server answers by walking the index, and the same first page in ' +
      'mixed directions, which no index gives, so the server sorts every published article in ' +
      'memory. Server CPU per query from /proc; the server runs in its own process, in memory.',
    baseline: {
      ...rounds.row(BASELINE),
      description:
        'A find of one article by _id through the same driver and server: the cost of a query ' +
        'round trip that reads one document.',
    },
    headline: FIRST_PAGE,
    rows: rounds
      .labels()
      .filter((label) => label !== BASELINE)
      .map((label) => rounds.row(label)),
    rounds: ROUNDS,
    parameters: {
      articles: DOCS,
      'page size': PAGE,
      'queries per measure': QUERIES,
      'queries sorted in memory': IN_MEMORY_QUERIES,
    },
  });
} finally {
  await client.close();
  child.kill('SIGTERM');
}
