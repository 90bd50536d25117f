// Search latency and throughput of the registry over 10,000 generated carriers, next to a bare
// express JSON endpoint answering a body of the search's size, measured by the same tool
// (autocannon, run in a child process of its own so it does not share the servers' event loop)
// at the same concurrency in the same run. Each round measures the bare endpoint, the mix of
// searches, searches the answer cache cannot answer, and each search shape alone;
// docs/benchmarks.md gets the medians.
// Usage: npm run bench [-- --duration 3 --connections 10 --rounds 3]
// BENCH_CPU_PROF=<dir> writes a CPU profile of this process during each round's search mix.
import {
  createRounds,
  HTTP_FIGURES,
  jsonBodyOfSize,
  profiledWhile,
  recordBenchmark,
  startBareExpressServer,
} from '@shuangchuang/bench-kit';
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import { createLogger, startService } from '@shuangchuang/service-kit';
import mongoose from 'mongoose';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadRegistryConfig } from '../src/config.js';
import { registryModels } from '../src/data-access/models.js';
import { registryService } from '../src/service.js';
import { generateCarrierDocuments, generateSearchPaths } from './carrier-generator.js';
import type { LoadRequest, LoadResult } from './load-generator.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const DURATION = arg('duration', 3);
const SHAPE_DURATION = arg('shape-duration', 1);
const ROUNDS = arg('rounds', 3);
const CONNECTIONS = arg('connections', 10);
const CARRIERS = arg('carriers', 10_000);
// more distinct searches than the service's answer cache holds (500), asked in turn
const UNCACHED_SEARCHES = arg('uncached-searches', 4_000);

const SEARCHES = [
  '/api/registry/carriers?q=%E9%9D%92%E5%B2%9B%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD', // 青岛人工智能
  '/api/registry/carriers?q=qingdao',
  '/api/registry/carriers?q=qdgxq',
  '/api/registry/carriers?q=%E9%9D%92%E5%B3%B6&kind=incubator', // 青島 (traditional) + kind
  '/api/registry/carriers?province=%E7%94%98%E8%82%83&level=national&accepting=true', // 甘肃
  '/api/registry/carriers?q=%E7%94%9F%E7%89%A9%E5%8C%BB%E8%8D%AF&sort=distance&near=120.38,36.07', // 生物医药 near 青岛
  '/api/registry/carriers?industry=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF&sort=newest&limit=10', // 集成电路
];

const rounds = createRounds(HTTP_FIGURES);
let failures = 0;

// One load-generator process for the whole run, loading one server at a time. Plain node with
// tsx's loader: the bench's own flags (such as --cpu-prof) stay with the measured process.
const loadGenerator = fork(fileURLToPath(new URL('./load-generator.ts', import.meta.url)), {
  execArgv: ['--import', 'tsx'],
});
function load(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    loadGenerator.once('message', (message: { result?: LoadResult; error?: string }) =>
      message.result ? resolve(message.result) : reject(new Error(message.error)),
    );
    loadGenerator.send(request);
  });
}

async function measure(
  round: number,
  label: string,
  url: string,
  paths: string[],
  { duration = DURATION, rotation = 'per-connection' as LoadRequest['rotation'] } = {},
) {
  const cpuBefore = process.cpuUsage();
  const result = await load({ url, connections: CONNECTIONS, duration, paths, rotation });
  // CPU of this process (the servers, not the load generator) per request: steadier than rates
  const cpu = process.cpuUsage(cpuBefore);
  const line = {
    round,
    label,
    requestsPerSecond: Math.round(result.requestsPerSecond),
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    errors: result.errors,
    non2xx: result.non2xx,
    serverCpuMsPerRequest:
      Math.round(((cpu.user + cpu.system) / 1000 / result.requests) * 100) / 100,
  };
  failures += result.errors + result.non2xx;
  rounds.add(label, {
    throughput: result.requestsPerSecond,
    p50: result.p50Ms,
    p99: result.p99Ms,
  });
  console.log(JSON.stringify(line));
  return line;
}

const mongo = await startMongo({ port: 0 });
const kafka = await startKafka({ port: 0, logLevel: 'error' });
const connection = await mongoose.createConnection(mongo.uri, { dbName: 'registry' }).asPromise();
const generatedAt = Date.now();
const documents = generateCarrierDocuments(CARRIERS);
for (let i = 0; i < documents.length; i += 1000) {
  await registryModels(connection).carriers.insertMany(documents.slice(i, i + 1000), {
    lean: true,
  });
}
console.log(`generated and stored ${documents.length} carriers in ${Date.now() - generatedAt} ms`);

const service = await startService(registryService, {
  config: loadRegistryConfig({
    PORT: '0',
    MONGO_URL: mongo.uri,
    KAFKA_BROKERS: kafka.brokers.join(','),
    NODE_ENV: 'test',
    SEED_ON_FIRST_START: 'false',
  }),
  host: '127.0.0.1',
  logger: createLogger({ service: 'registry', level: 'error' }),
});

// The bare endpoint answers a body of the searches' average size, so both move the same bytes.
let searchBytes = 0;
for (const path of SEARCHES) searchBytes += (await (await fetch(service.url + path)).text()).length;
const bodyBytes = Math.round(searchBytes / SEARCHES.length);
const bare = await startBareExpressServer({ body: jsonBodyOfSize(bodyBytes) });
const bareUrl = new URL(bare.url);
const uncachedSearches = generateSearchPaths(UNCACHED_SEARCHES);

try {
  // one warm-up pass so the first figures do not include lazy initialisation
  await load({
    url: service.url,
    connections: 2,
    amount: 50,
    paths: SEARCHES,
    rotation: 'per-connection',
  });
  // and the uncached searches once, so carriers' ranking fields are prepared as in a running service
  await load({
    url: service.url,
    connections: 2,
    amount: 1000,
    paths: uncachedSearches,
    rotation: 'shared',
  });
  await load({
    url: bareUrl.origin,
    connections: 2,
    amount: 50,
    paths: [bareUrl.pathname],
    rotation: 'per-connection',
  });
  const BARE = 'bare express JSON endpoint';
  const MIX = `registry search, mix of ${SEARCHES.length} shapes (${CARRIERS} carriers)`;
  const UNCACHED = `registry search, ${uncachedSearches.length} distinct searches in turn (never answered from the cache)`;
  for (let round = 1; round <= ROUNDS; round++) {
    await measure(round, BARE, bareUrl.origin, [bareUrl.pathname]);
    await profiledWhile(process.env.BENCH_CPU_PROF, `registry-mix-round-${round}`, () =>
      measure(round, MIX, service.url, SEARCHES),
    );
    await measure(round, UNCACHED, service.url, uncachedSearches, { rotation: 'shared' });
    // each query shape alone, to see which one costs what
    for (const path of SEARCHES)
      await measure(round, decodeURIComponent(path), service.url, [path], {
        duration: SHAPE_DURATION,
      });
  }
  const baseline = rounds.row(BARE);
  const mix = rounds.row(MIX);
  const share = mix.figures.throughput!.value / baseline.figures.throughput!.value;
  const p99 = mix.figures.p99!.value;
  console.log(
    JSON.stringify({
      searchThroughputShareOfBare: Math.round(share * 1000) / 10,
      goal: 'p99 <= 25 ms and >= 50 % of the bare throughput',
    }),
  );
  recordBenchmark({
    id: 'registry-search',
    title: 'Registry search (services/registry)',
    measures:
      `GET /api/registry/carriers over ${CARRIERS.toLocaleString('en-US')} generated carriers: ` +
      'Chinese, pinyin, initials and traditional-character queries, filters, distance sorting — ' +
      'the whole service (HTTP pipeline, validation, MongoDB query on the embedded server, ranking), ' +
      `loaded by autocannon with ${CONNECTIONS} connections from a process of its own. The first ` +
      'row: each connection rotates through the same 7 searches, so after the first pass they are ' +
      'answered by the service’s answer cache; the second row: each request asks the next of ' +
      `${uncachedSearches.length} distinct searches of the same shapes (more than the cache ` +
      'holds), so each is computed; the others take one search each (cached).',
    baseline: {
      ...baseline,
      description:
        `An express app in the service's process with one route answering a ${bodyBytes}-byte ` +
        'JSON (the average search response), loaded by the same autocannon process and settings.',
    },
    headline: MIX,
    rows: rounds
      .labels()
      .filter((label) => label !== BARE)
      .map((label) => rounds.row(label)),
    goal: {
      description: 'search mix p99 ≤ 25 ms and ≥ 50 % of the bare endpoint’s throughput',
      met: p99 <= 25 && share >= 0.5,
      detail: `p99 ${p99} ms, ${(share * 100).toFixed(1)} %`,
    },
    rounds: ROUNDS,
    parameters: {
      carriers: CARRIERS,
      connections: CONNECTIONS,
      'seconds per mix and bare measure': DURATION,
      'seconds per shape': SHAPE_DURATION,
      'distinct uncached searches': uncachedSearches.length,
    },
    notes: [
      failures === 0
        ? 'Every response was a 2xx.'
        : `${failures} errors or non-2xx responses in the run (see its output).`,
      'Throughput is autocannon’s mean of per-second request counts; latencies are autocannon’s (whole milliseconds).',
    ],
  });
} finally {
  loadGenerator.kill();
  await bare.close();
  await service.stop();
  await connection.close();
  await kafka.stop();
  await mongo.stop();
}
