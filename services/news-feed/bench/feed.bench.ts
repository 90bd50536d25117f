// Feed and search under load with 50,000 published articles, next to a bare express endpoint in
// the same process and run. Prints p50 / p99 latency and throughput per scenario.
//   npm run bench -- [articles] [secondsPerScenario] [concurrency]
// Against real servers: set MONGO_URL and KAFKA_BROKERS (TEST_INFRASTRUCTURE=external).
import { buildSearchKeys } from '@shuangchuang/chinese-text';
import { createLogger, DEV_JWT_SECRET } from '@shuangchuang/service-kit';
import { startTestInfrastructure } from '@shuangchuang/test-infrastructure';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { startNewsFeedService } from '../src/news-feed-service.js';

const ARTICLES = Number(process.argv[2] ?? 50_000);
const SECONDS = Number(process.argv[3] ?? 5);
const CONCURRENCY = Number(process.argv[4] ?? 8);
const BATCH = 200;

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function load(name: string, urls: string[]): Promise<string> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const url = urls[next++ % urls.length]!;
      const start = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      latencies.push(performance.now() - start);
      if (response.status !== 200) failures++;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return [
    name.padEnd(34),
    `${(latencies.length / elapsed).toFixed(0).padStart(6)} req/s`,
    `p50 ${percentile(latencies, 50).toFixed(1).padStart(7)} ms`,
    `p99 ${percentile(latencies, 99).toFixed(1).padStart(7)} ms`,
    `n ${latencies.length}`,
    failures ? `NON-200: ${failures}` : '',
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

const bare = express();
bare.get('/bare', (_req, res) => {
  res.json({ items: [], nextCursor: null });
});
const bareServer = bare.listen(0, '127.0.0.1');
await new Promise((resolve) => bareServer.once('listening', resolve));
const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;

const api = `${service.url}/api/news-feed`;
const firstPage = (await (await fetch(`${api}/articles?limit=20`)).json()) as {
  nextCursor: string;
};
const q = (text: string) => `${api}/articles?q=${encodeURIComponent(text)}`;
const scenarios: [string, string[]][] = [
  ['bare express (same process)', [bareUrl]],
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
console.log(`${SECONDS} s per scenario, ${CONCURRENCY} concurrent clients, keep-alive fetch`);
for (const [name, urls] of scenarios) console.log(await load(name, urls));

bareServer.close();
await service.stop();
await infrastructure.stop();
