// Sorted, limited pages through the driver: the news-feed's public feed over 50,000 articles,
// find({status: 'published'}).sort({publishedAt: -1, _id: -1}).limit(20) and its keyset pages,
// with the index {status: 1, publishedAt: -1, _id: -1}. The server runs as a separate process
// (the CLI, in memory); its CPU time per query comes from /proc. Run after `npm run build`:
//   flock /tmp/bench.lock npm run bench:sorted -w @shuangchuang/embedded-mongo
// DIST=<another build's dist/> runs an older server build under the same conditions;
// DOCS=50000 QUERIES=300 BUDGET_S=30 (per measure).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

const dist = process.env.DIST ?? new URL('../dist/', import.meta.url).pathname;
const DOCS = Number(process.env.DOCS ?? 50_000);
const QUERIES = Number(process.env.QUERIES ?? 300);
const BUDGET_MS = Number(process.env.BUDGET_S ?? 30) * 1000;
const PAGE = 20;

/** User + system CPU milliseconds a process has used so far (Linux). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name, pid, query) {
  const latencies = [];
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  for (let i = 0; i < QUERIES && performance.now() - started < BUDGET_MS; i++) {
    const t = performance.now();
    await query(i);
    latencies.push(performance.now() - t);
  }
  const serverCpu = (cpuMs(pid) - cpuBefore) / latencies.length;
  latencies.sort((a, b) => a - b);
  const row = {
    measure: name,
    queries: latencies.length,
    p50_ms: +percentile(latencies, 50).toFixed(2),
    p99_ms: +percentile(latencies, 99).toFixed(2),
    server_cpu_ms_per_query: +serverCpu.toFixed(2),
  };
  console.log(JSON.stringify(row));
  return row;
}

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
          _id: `article-${String(i).padStart(6, '0')}`,
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
  await measure('feed first page (limit 20)', child.pid, feed);
  await measure('feed keyset page (limit 20, random depth)', child.pid, (i) => {
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
  });
} finally {
  await client.close();
  child.kill('SIGTERM');
}
