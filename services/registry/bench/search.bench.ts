// Search latency and throughput of the registry over 10,000 generated carriers, next to a bare
// express JSON endpoint answering a body of the search's size, measured by the same tool
// (autocannon) at the same concurrency in the same run. Each round measures the bare endpoint,
// the mix of searches and each search shape alone; docs/benchmarks.md gets the medians.
// Usage: npm run bench [-- --duration 3 --connections 10 --rounds 3]
import {
  createRounds,
  HTTP_FIGURES,
  jsonBodyOfSize,
  recordBenchmark,
  startBareExpressServer,
} from '@shuangchuang/bench-kit';
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import { createLogger } from '@shuangchuang/service-kit';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { carrierModel } from '../src/data-access/carrier-model.js';
import { startRegistryService } from '../src/registry-service.js';
import { generateCarrierDocuments } from './carrier-generator.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const DURATION = arg('duration', 3);
const SHAPE_DURATION = arg('shape-duration', 1);
const ROUNDS = arg('rounds', 3);
const CONNECTIONS = arg('connections', 10);
const CARRIERS = arg('carriers', 10_000);

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

async function measure(
  round: number,
  label: string,
  url: string,
  paths: string[],
  duration = DURATION,
) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const line = {
    round,
    label,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
  failures += result.errors + result.non2xx;
  rounds.add(label, {
    throughput: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
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
  await carrierModel(connection).insertMany(documents.slice(i, i + 1000), { lean: true });
}
console.log(`generated and stored ${documents.length} carriers in ${Date.now() - generatedAt} ms`);

const service = await startRegistryService({
  port: 0,
  host: '127.0.0.1',
  mongoUrl: mongo.uri,
  dbName: 'registry',
  kafkaBrokers: kafka.brokers,
  jwtSecret: 'registry-bench-secret-0123456789abcdef',
  logger: createLogger({ service: 'registry', level: 'error' }),
  seedOnFirstStart: false,
});

// The bare endpoint answers a body of the searches' average size, so both move the same bytes.
let searchBytes = 0;
for (const path of SEARCHES) searchBytes += (await (await fetch(service.url + path)).text()).length;
const bodyBytes = Math.round(searchBytes / SEARCHES.length);
const bare = await startBareExpressServer({ body: jsonBodyOfSize(bodyBytes) });
const bareUrl = new URL(bare.url);

try {
  // one warm-up pass so the first figures do not include lazy initialisation
  await autocannon({
    url: service.url,
    connections: 2,
    amount: 50,
    requests: SEARCHES.map((path) => ({ path })),
  });
  const BARE = 'bare express JSON endpoint';
  const MIX = `registry search, mix of ${SEARCHES.length} shapes (${CARRIERS} carriers)`;
  for (let round = 1; round <= ROUNDS; round++) {
    await measure(round, BARE, bareUrl.origin, [bareUrl.pathname]);
    await measure(round, MIX, service.url, SEARCHES);
    // each query shape alone, to see which one costs what
    for (const path of SEARCHES)
      await measure(round, decodeURIComponent(path), service.url, [path], SHAPE_DURATION);
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
      `loaded by autocannon with ${CONNECTIONS} connections. The first row rotates through all ` +
      'query shapes; the others take one shape each.',
    baseline: {
      ...baseline,
      description:
        `An express app in the same process with one route answering a ${bodyBytes}-byte JSON ` +
        '(the average search response), loaded by the same autocannon settings.',
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
    },
    notes: [
      failures === 0
        ? 'Every response was a 2xx.'
        : `${failures} errors or non-2xx responses in the run (see its output).`,
      'Throughput is autocannon’s mean of per-second request counts; latencies are autocannon’s (whole milliseconds).',
    ],
  });
} finally {
  await bare.close();
  await service.stop();
  await connection.close();
  await kafka.stop();
  await mongo.stop();
}
