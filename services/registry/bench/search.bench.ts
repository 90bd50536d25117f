// Search latency and throughput of the registry over 10,000 generated carriers, next to a bare
// express JSON endpoint measured by the same tool (autocannon) in the same run.
// Usage: npm run bench [-- --duration 10 --connections 10]
import { start as startKafka } from '@shuangchuang/embedded-kafka';
import { start as startMongo } from '@shuangchuang/embedded-mongo';
import { createLogger } from '@shuangchuang/service-kit';
import autocannon from 'autocannon';
import express from 'express';
import mongoose from 'mongoose';
import type { AddressInfo } from 'node:net';
import { carrierModel } from '../src/data-access/carrier-model.js';
import { startRegistryService } from '../src/registry-service.js';
import { generateCarrierDocuments } from './carrier-generator.js';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const DURATION = arg('duration', 10);
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

async function measure(label: string, url: string, paths: string[]) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const line = {
    label,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
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

const bare = express();
bare.get('/bare', (_req, res) => {
  res.json({ items: [{ id: '1', name: '青岛高新区众创空间' }], nextCursor: null });
});
const bareServer = bare.listen(0, '127.0.0.1');
await new Promise((resolve) => bareServer.once('listening', resolve));
const barePort = (bareServer.address() as AddressInfo).port;

try {
  // one warm-up pass so the first figures do not include lazy initialisation
  await autocannon({
    url: service.url,
    connections: 2,
    amount: 50,
    requests: SEARCHES.map((path) => ({ path })),
  });
  const bareLine = await measure('bare express JSON endpoint', `http://127.0.0.1:${barePort}`, [
    '/bare',
  ]);
  const searchLine = await measure(`registry search (${CARRIERS} carriers)`, service.url, SEARCHES);
  // each query shape alone, to see which one costs what
  for (const path of SEARCHES) await measure(decodeURIComponent(path), service.url, [path]);
  console.log(
    JSON.stringify({
      searchThroughputShareOfBare:
        Math.round((searchLine.requestsPerSecond / bareLine.requestsPerSecond) * 1000) / 10,
      goal: 'p99 <= 25 ms and >= 50 % of the bare throughput',
    }),
  );
} finally {
  bareServer.close();
  await service.stop();
  await connection.close();
  await kafka.stop();
  await mongo.stop();
}
