// Feed and search under load over published articles, next to a bare express endpoint answering
// a body of the first page's size in the same process, same client, same concurrency. Prints
// p50 / p99 latency and throughput per scenario and round; docs/benchmarks.md gets the medians.
//   npm run bench -- [articles=200] [secondsPerScenario=1.5] [concurrency=8] [rounds=3]
// The goal is stated at 50,000 articles, which the embedded server cannot seed in a bench run
// (README); against real servers set MONGO_URL and KAFKA_BROKERS (TEST_INFRASTRUCTURE=external).
import {
  createRounds,
  fetchStatus,
  HTTP_FIGURES,
  jsonBodyOfSize,
  recordBenchmark,
  runLoad,
  startBareExpressServer,
} from '@shuangchuang/bench-kit';
import { buildSearchKeys } from '@shuangchuang/chinese-text';
import { createLogger, DEV_JWT_SECRET } from '@shuangchuang/service-kit';
import { startTestInfrastructure } from '@shuangchuang/test-infrastructure';
import { startNewsFeedService } from '../src/news-feed-service.js';

const ARTICLES = Number(process.argv[2] ?? 200);
const SECONDS = Number(process.argv[3] ?? 1.5);
const CONCURRENCY = Number(process.argv[4] ?? 8);
const ROUNDS = Number(process.argv[5] ?? 3);
const BATCH = 200;
// The service's kafkajs producer warns about v2's partitioner on every start; nothing to act on here.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

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

// chinese-text's key building costs ~10 ms per long article: build keys for a few hundred
// distinct short texts and reuse them across the 50,000 articles.
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
          { text: summary, weight: 2 },
          { text: body, weight: 1 },
        ]),
      });
    }
  return list;
}

const rounds = createRounds(HTTP_FIGURES);
let failures = 0;

async function load(round: number, name: string, urls: string[]): Promise<string> {
  const figures = await runLoad({
    concurrency: CONCURRENCY,
    durationMs: SECONDS * 1000,
    request: (i) => fetchStatus(urls[i % urls.length]!),
  });
  failures += figures.failures;
  rounds.add(name, { throughput: figures.perSecond, p50: figures.p50, p99: figures.p99 });
  return [
    `r${round} ${name.padEnd(34)}`,
    `${figures.perSecond.toFixed(0).padStart(6)} req/s`,
    `p50 ${figures.p50.toFixed(1).padStart(7)} ms`,
    `p99 ${figures.p99.toFixed(1).padStart(7)} ms`,
    `n ${figures.count}`,
    figures.failures ? `FAILED: ${figures.failures}` : '',
  ].join('  ');
}

const infrastructure = await startTestInfrastructure();
const service = await startNewsFeedService({
  port: 0,
  host: '127.0.0.1',
  mongoUrl: infrastructure.mongoUrl,
  dbName: 'news-feed-bench',
  kafkaBrokers: infrastructure.kafkaBrokers,
  jwtSecret: DEV_JWT_SECRET,
  schedulerIntervalMs: 60_000,
  logger: createLogger({ service: 'news-feed', level: 'warn' }),
});

const texts = templates();
console.log(`${texts.length} distinct texts keyed`);
const seedStart = performance.now();
const existing = await service.models.articles.estimatedDocumentCount();
// The embedded server keeps each index as a sorted array and inserts every key with a splice:
// ~150 search keys per article make seeding slow there (README); real MongoDB is not affected.
const base = Date.UTC(2026, 0, 1);
for (let offset = existing; offset < ARTICLES; offset += BATCH) {
  const batch = [];
  for (let i = offset; i < Math.min(ARTICLES, offset + BATCH); i++) {
    const text = texts[i % texts.length]!;
    const at = new Date(base + i * 60_000);
    const carrier = CARRIERS[i % CARRIERS.length]!;
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
        tags: [TOPICS[i % TOPICS.length]!],
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
  await service.models.articles.collection.insertMany(batch as never[], { ordered: false });
  if ((offset / BATCH) % 10 === 0 || process.env.BENCH_VERBOSE)
    console.log(
      `  ${offset + batch.length} articles, ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
}
const seeded = await service.models.articles.countDocuments({ status: 'published' });
console.log(
  `seeded ${seeded} published articles in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
);

const api = `${service.url}/api/news-feed`;
const firstPageText = await (await fetch(`${api}/articles?limit=20`)).text();
const firstPage = JSON.parse(firstPageText) as { nextCursor: string };
// The baseline answers a body of the first page's size, so both move the same bytes.
const bare = await startBareExpressServer({ body: jsonBodyOfSize(firstPageText.length) });
const bareUrl = bare.url;

const q = (text: string) => `${api}/articles?q=${encodeURIComponent(text)}`;
const BARE = 'bare express (same process)';
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
];
console.log(
  `${SECONDS} s per scenario, ${CONCURRENCY} concurrent clients, keep-alive fetch, ${ROUNDS} rounds`,
);
for (let round = 1; round <= ROUNDS; round++)
  for (const [name, urls] of scenarios) console.log(await load(round, name, urls));

const rows = scenarios.slice(1).map(([name]) => rounds.row(name));
const worstP99 = Math.max(...rows.map((row) => row.figures.p99!.value));
recordBenchmark({
  id: 'news-feed',
  title: 'News feed and article search (services/news-feed)',
  measures:
    `GET /api/news-feed/articles over ${seeded.toLocaleString('en-US')} published articles: the ` +
    'feed’s first and second pages, filters, one carrier’s articles, and search in simplified, ' +
    'traditional and pinyin — the whole service with the embedded database and broker in the ' +
    `benchmark’s process, ${CONCURRENCY} concurrent keep-alive fetch clients.`,
  baseline: {
    ...rounds.row(BARE),
    description:
      `An express app in the same process with one route answering a ${firstPageText.length}-byte ` +
      'JSON (the size of the feed’s first page), loaded by the same client at the same concurrency.',
  },
  rows,
  headline: 'search, simplified (沂源众创空间)',
  goal: {
    description: 'p99 ≤ 25 ms at 50,000 articles',
    met: ARTICLES >= 50_000 ? worstP99 <= 25 : null,
    detail:
      ARTICLES >= 50_000
        ? `worst p99 ${worstP99.toFixed(1)} ms`
        : `run at ${seeded.toLocaleString('en-US')} articles: the embedded server cannot seed 50,000 in a bench run; worst p99 here ${worstP99.toFixed(1)} ms`,
  },
  rounds: ROUNDS,
  parameters: {
    articles: seeded,
    'seconds per scenario': SECONDS,
    concurrency: CONCURRENCY,
    'seeding seconds': Math.round((performance.now() - seedStart) / 1000),
  },
  notes: [
    failures === 0
      ? 'Every response was a 200.'
      : `${failures} responses ≥ 400 (see the run’s output).`,
  ],
});

await bare.close();
await service.stop();
await infrastructure.stop();
