// Feed and search under load over published articles, next to a bare express endpoint answering
// a body of the first page's size, same client, same concurrency. Prints p50 / p99 latency,
// throughput and CPU per request per scenario and round; docs/benchmarks.md gets the medians.
//   npm run bench -- [articles=50000] [secondsPerScenario=1.5] [concurrency=8] [rounds=3]
// Three processes (README): this one is the load client and seeds the database; the embedded
// database and broker run in one child, the service and the bare baseline in another. Against
// real servers set TEST_INFRASTRUCTURE=external with MONGO_URL and KAFKA_BROKERS.
import {
  createRounds,
  fetchStatus,
  HTTP_FIGURES,
  recordBenchmark,
  runLoad,
} from '@shuangchuang/bench-kit';
import { buildSearchKeys, pinyinOf, toTraditional } from '@shuangchuang/chinese-text';
import mongoose from 'mongoose';
import { newsFeedModels } from '../src/data-access/models.js';
import { forkChild, type Child } from './bench-processes.js';

const ARTICLES = Number(process.argv[2] ?? 50_000);
const SECONDS = Number(process.argv[3] ?? 1.5);
const CONCURRENCY = Number(process.argv[4] ?? 8);
const ROUNDS = Number(process.argv[5] ?? 3);
const BATCH = 1_000;
const DB_NAME = 'news-feed-bench';

const KINDS = ['news', 'policy', 'notice', 'event'] as const;
const REGIONS = ['山东省德州市', '甘肃省兰州市', '山东省淄博市', '北京市海淀区', '广东省深圳市'];
const TOPICS = [
  '孵化器',
  '众创空间',
  '创业苗圃',
  '加速器',
  '大学科技园',
  '创新券',
  '示范基地',
  '科技园区',
];
const PLACES = ['德州', '兰州', '沂源', '青岛', '深圳', '海淀', '杭州', '成都', '武汉', '西安'];
const CARRIERS = Array.from({ length: 200 }, (_, i) => `bench-carrier-${i}`);

// chinese-text's key building costs ~10 ms per long article: build keys for 80 distinct short
// texts (the service's own weights, as articleSearchKeys) and reuse them across the articles.
interface Template {
  title: string;
  summary: string;
  bodyHtml: string;
  keys: string[];
}
function templates(): Template[] {
  const list: Template[] = [];
  for (const place of PLACES)
    for (const topic of TOPICS) {
      const title = `${place}${topic}获批国家级${topic}称号`;
      const summary = `${place}市${topic}建设取得新进展，入驻企业持续增长。`;
      const body = `${summary}近年来，${place}以高质量发展${topic}为着力点，持续优化创新创业生态。`;
      list.push({
        title,
        summary,
        bodyHtml: `<p>${body}</p>`,
        keys: buildSearchKeys([
          { text: title, weight: 3 },
          { text: topic, weight: 2 },
          { text: summary, weight: 2 },
          { text: body, weight: 1 },
        ]),
      });
    }
  return list;
}

/**
 * Place + topic asked as people type them, 16 ways (none the exact text the ranked-query
 * scenario asks): the first 8 for one fresh-query scenario, the other 8 for the other.
 */
function freshQueries(half: 0 | 1): string[] {
  const pinyin = (text: string) => pinyinOf(text).join('');
  const ways = (place: string, topic: string) => [
    `${place} ${topic}`,
    `${topic}${place}`,
    `${topic} ${place}`,
    `${place}${topic}？`,
    toTraditional(`${place}的${topic}`),
    `${place}，${topic}`,
    `${pinyin(place)} ${pinyin(topic)}`,
    `${place}市${topic}`,
    `${place}\u3000${topic}`, // a full-width space
    `${place}、${topic}`,
    `「${place}${topic}」`,
    `${place}${topic}!`,
    `${place}-${topic}`,
    toTraditional(`${topic}，${place}`),
    `${topic}（${place}）`,
    `${pinyin(topic)} ${pinyin(place)}`,
  ];
  return TOPICS.flatMap((topic) =>
    PLACES.flatMap((place) => ways(place, topic).slice(half * 8, half * 8 + 8)),
  );
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/**
 * Bulk-loads published article documents, shaped as the service stores them, straight into the
 * collection, then builds the service's indexes over the full collection in one pass each (faster
 * than growing them one insert at a time); the service finds them in place when it starts.
 */
async function seed(mongoUrl: string): Promise<number> {
  const texts = templates();
  console.log(`${texts.length} distinct texts keyed`);
  // The embedded server answers nothing while it builds an index over the full collection; no
  // timeout (the driver's monitor would otherwise give up on it after 40 s and reset the pool).
  const connection = await mongoose
    .createConnection(mongoUrl, { dbName: DB_NAME, connectTimeoutMS: 0 })
    .asPromise();
  const models = newsFeedModels(connection);
  const articles = models.articles.collection;
  const started = performance.now();
  const base = Date.UTC(2026, 0, 1);
  for (let offset = await articles.estimatedDocumentCount(); offset < ARTICLES; offset += BATCH) {
    const batch = [];
    for (let i = offset; i < Math.min(ARTICLES, offset + BATCH); i++) {
      const text = texts[i % texts.length]!;
      const at = new Date(base + i * 60_000);
      const carrier = CARRIERS[i % CARRIERS.length]!;
      const topic = TOPICS[i % TOPICS.length]!;
      batch.push({
        _id: `bench${String(i).padStart(19, '0')}`,
        version: 3,
        revision: 1,
        status: 'published',
        content: {
          kind: KINDS[i % KINDS.length],
          title: text.title,
          summary: text.summary,
          bodyHtml: text.bodyHtml,
          region: REGIONS[i % REGIONS.length],
          tags: [topic],
          publishedAt: at,
        },
        mentionedCarriers: [{ id: carrier, name: `载体${carrier}` }],
        mentionedCarrierIds: [carrier],
        publishedAt: at,
        revisions: [{ revision: 1, at, by: 'bench', title: text.title }],
        searchKeys: text.keys,
        createdBy: 'bench',
        createdAt: at,
        updatedAt: at,
      });
    }
    await articles.insertMany(batch as never[], { ordered: false });
    if ((offset / BATCH) % 10 === 0 || process.env.BENCH_VERBOSE)
      console.log(`  ${offset + batch.length} articles, ${seconds(started)} s`);
  }
  const seeded = await articles.countDocuments({ status: 'published' });
  console.log(`seeded ${seeded} published articles in ${seconds(started)} s`);
  // the service's own indexes, each built in one pass over the loaded collection
  for (const [fields, options] of models.articles.schema.indexes()) {
    const indexStarted = performance.now();
    await articles.createIndex(fields as Record<string, 1 | -1>, options as Record<string, never>);
    console.log(`  index ${JSON.stringify(fields)} built in ${seconds(indexStarted)} s`);
  }
  await connection.close();
  return seeded;
}

const runStarted = performance.now();
// 50,000 articles of ~460 search keys each are ~23 million strings held by the database: room
const infrastructure = await forkChild(
  './infrastructure-process.ts',
  [],
  ['--max-old-space-size=16384'],
);
const { mongoUrl, kafkaBrokers } = infrastructure.ready as {
  mongoUrl: string;
  kafkaBrokers: string[];
};
const seeded = await seed(mongoUrl);
const serviceStarted = performance.now();
const service = await forkChild(
  './service-process.ts',
  [JSON.stringify({ mongoUrl, kafkaBrokers, dbName: DB_NAME })],
  ['--expose-gc'],
);
const { api, bareUrl, firstPageText, startSeconds, memory } = service.ready as {
  api: string;
  bareUrl: string;
  firstPageText: string;
  startSeconds: number;
  memory: {
    heapUsed: number;
    arrayBuffers: number;
    rss: number;
    index: { articles: number; keys: number; entries: number };
  };
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
console.log(
  `service started (indexes built, published articles loaded) in ${seconds(serviceStarted)} s ` +
    `(startService ${startSeconds.toFixed(1)} s); in memory: ` +
    `${memory.index.articles} articles, ${memory.index.keys} search keys, ` +
    `${memory.index.entries} postings; after GC heap ${mb(memory.heapUsed)}, ` +
    `array buffers ${mb(memory.arrayBuffers)}, RSS ${mb(memory.rss)}`,
);
const setupSeconds = Math.round((performance.now() - runStarted) / 1000);
const firstPage = JSON.parse(firstPageText) as { nextCursor: string };

const cpuMs = async (child: Child) => (await child.ask<{ cpuMs: number }>({ cpu: true })).cpuMs;
const rounds = createRounds({
  ...HTTP_FIGURES,
  'service CPU': { unit: 'ms/req', better: 'lower' },
  'database CPU': { unit: 'ms/req', better: 'lower' },
});
let failures = 0;

// Each scenario goes on through its URLs from where its last run stopped, so the uncached ones
// never come back to a URL whose answer is still kept.
const sent = new Map<string, number>();
const nextUrl = (name: string, urls: string[]) => {
  const i = sent.get(name) ?? 0;
  sent.set(name, i + 1);
  return urls[i % urls.length]!;
};

/** Requests made, not measured, before each round of a scenario (what it assumes is kept). */
const before = new Map<string, string[]>();
/** Scenarios loaded at a steady rate (open loop) instead of as fast as answered. */
const rates = new Map<string, number>();

async function load(round: number, name: string, urls: string[]): Promise<string> {
  for (const url of before.get(name) ?? []) await fetchStatus(url);
  const [service0, database0] = [await cpuMs(service.child), await cpuMs(infrastructure.child)];
  const figures = await runLoad({
    concurrency: CONCURRENCY,
    durationMs: SECONDS * 1000,
    ...(rates.has(name) && { ratePerSecond: rates.get(name) }),
    request: () => fetchStatus(nextUrl(name, urls)),
  });
  const serviceCpu = ((await cpuMs(service.child)) - service0) / figures.count;
  const databaseCpu = ((await cpuMs(infrastructure.child)) - database0) / figures.count;
  failures += figures.failures;
  rounds.add(name, {
    throughput: figures.perSecond,
    p50: figures.p50,
    p99: figures.p99,
    'service CPU': serviceCpu,
    'database CPU': databaseCpu,
  });
  return [
    `r${round} ${name.padEnd(34)}`,
    `${figures.perSecond.toFixed(0).padStart(6)} req/s`,
    `p50 ${figures.p50.toFixed(1).padStart(6)} ms`,
    `p99 ${figures.p99.toFixed(1).padStart(6)} ms`,
    `cpu svc ${serviceCpu.toFixed(2).padStart(6)} db ${databaseCpu.toFixed(2).padStart(6)} ms/req`,
    `n ${figures.count}`,
    figures.failures ? `FAILED: ${figures.failures}` : '',
  ].join('  ');
}

const q = (text: string) => `${api}/articles?q=${encodeURIComponent(text)}`;
const BARE = 'bare express (service process)';
const RANKED = 'search, new page of a ranked query';
const FRESH_RATE = 200;
const FRESH_AT_RATE = `search, fresh query at ${FRESH_RATE}/s (640 more)`;
rates.set(FRESH_AT_RATE, FRESH_RATE);
const rankedQueryPages = Array.from(
  { length: 1_600 },
  (_, i) =>
    `${q(PLACES[i % 10]! + TOPICS[Math.floor(i / 10) % 8]!)}&limit=${10 + (Math.floor(i / 80) % 20)}`,
);
before.set(
  RANKED,
  rankedQueryPages.slice(0, 80).map((url) => url.replace(/&limit=\d+$/, '&limit=5')),
);
const scenarios: [string, string[]][] = [
  [BARE, [bareUrl]],
  ['feed, first page (20)', [`${api}/articles?limit=20`]],
  ['feed, second page by cursor', [`${api}/articles?limit=20&cursor=${firstPage.nextCursor}`]],
  [
    'feed, kind + region filter',
    KINDS.map(
      (kind, i) => `${api}/articles?kind=${kind}&region=${encodeURIComponent(REGIONS[i]!)}`,
    ),
  ],
  ['feed, one carrier', CARRIERS.slice(0, 20).map((c) => `${api}/articles?carrierId=${c}`)],
  ['search, simplified (沂源众创空间)', [q('沂源众创空间'), q('德州孵化器'), q('深圳加速器')]],
  ['search, traditional (沂源眾創空間)', [q('沂源眾創空間'), q('德州孵化器'), q('深圳加速器')]],
  ['search, pinyin (yiyuan zhongchuang)', [q('yiyuan zhongchuang'), q('dezhoufuhuaqi')]],
  ['search, broad (孵化器, 1 in 8 articles)', [q('孵化器')]],
  // Every request a different one (more than the 500 answers kept): what a page costs to compute.
  [
    'feed, uncached (carrier × page size)',
    Array.from(
      { length: 4_000 },
      (_, i) =>
        `${api}/articles?carrierId=${CARRIERS[i % 200]}&limit=${10 + (Math.floor(i / 200) % 20)}`,
    ),
  ],
  // another page size of a query whose ranking is kept (200 of them; the fresh queries below
  // push them out, so each round first asks the 80 queries once, unmeasured)
  [RANKED, rankedQueryPages],
  // more distinct queries than rankings and answers kept: each one matched, scored and ranked
  ['search, fresh query (640 queries)', freshQueries(0).map(q)],
  // the same at a steady 200 a second (open loop, latency from when each was due)
  [FRESH_AT_RATE, freshQueries(1).map(q)],
];
const only = process.env.BENCH_ONLY;
const selected = scenarios.filter(
  ([name]) => !only || name === BARE || only.split('|').some((part) => name.includes(part)),
);
console.log(
  `${SECONDS} s per scenario, ${CONCURRENCY} concurrent clients, keep-alive fetch, ${ROUNDS} rounds`,
);
// warm-up, not recorded: the first requests of each path pay for JIT compilation
for (const [name, urls] of selected)
  await runLoad({
    concurrency: CONCURRENCY,
    count: 40,
    durationMs: 500, // a slow path is warm after its first few
    request: () => fetchStatus(nextUrl(name, urls)),
  });
for (let round = 1; round <= ROUNDS; round++)
  for (const [name, urls] of selected) console.log(await load(round, name, urls));

await service.child.stop();
await infrastructure.child.stop();

const rows = selected.slice(1).map(([name]) => rounds.row(name));
const worstP99 = Math.max(...rows.map((row) => row.figures.p99!.value));
const overGoal = selected
  .slice(1)
  .filter((_, i) => rows[i]!.figures.p99!.value > 25)
  .map(([name]) => name);
if (!only)
  recordBenchmark({
    id: 'news-feed',
    title: 'News feed and article search (services/news-feed)',
    measures:
      `GET /api/news-feed/articles over ${seeded.toLocaleString('en-US')} published articles: the ` +
      'feed’s first and second pages, filters, one carrier’s articles, search in simplified, ' +
      'traditional and pinyin, pages computed fresh and queries never ranked before — the service ' +
      'in its own process, the embedded database and broker ' +
      `in another, ${CONCURRENCY} concurrent keep-alive fetch clients in a third.`,
    baseline: {
      ...rounds.row(BARE),
      description:
        `An express app in the service’s process with one route answering a ${firstPageText.length}-byte ` +
        'JSON (the size of the feed’s first page), loaded by the same client at the same concurrency.',
    },
    rows,
    headline: 'search, simplified (沂源众创空间)',
    goal: {
      description: 'p99 ≤ 25 ms at 50,000 articles',
      met: seeded >= 50_000 ? worstP99 <= 25 : null,
      detail:
        seeded >= 50_000
          ? `worst p99 ${worstP99.toFixed(1)} ms` +
            (overGoal.length > 0 ? `; over 25 ms: ${overGoal.join(', ')}` : '')
          : `run at ${seeded.toLocaleString('en-US')} articles; worst p99 here ${worstP99.toFixed(1)} ms`,
    },
    rounds: ROUNDS,
    parameters: {
      articles: seeded,
      'seconds per scenario': SECONDS,
      concurrency: CONCURRENCY,
      'seconds to seed and build indexes': setupSeconds,
    },
    notes: [
      failures === 0
        ? 'Every response was a 200.'
        : `${failures} responses ≥ 400 (see the run’s output).`,
    ],
  });
