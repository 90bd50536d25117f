// The service under test and its baseline, a bare express app, in one process of their own (the
// load client runs elsewhere); each is loaded while the other idles.
import { jsonBodyOfSize, startBareExpressServer } from '@shuangchuang/bench-kit';
import { createLogger, startService } from '@shuangchuang/service-kit';
import { loadNewsFeedConfig } from '../src/config.js';
import { newsFeedService } from '../src/service.js';
import { serveParent } from './bench-processes.js';

// The service's kafkajs producer warns about v2's partitioner on every start; nothing to act on here.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
const { mongoUrl, kafkaBrokers, dbName } = JSON.parse(process.argv[2] ?? '{}') as {
  mongoUrl: string;
  kafkaBrokers: string[];
  dbName: string;
};

const started = performance.now();
// builds the indexes over the seeded collection (prepareCollections) and loads the published
// articles into memory
const service = await startService(newsFeedService, {
  config: loadNewsFeedConfig({
    PORT: '0',
    MONGO_URL: mongoUrl,
    MONGO_DB_NAME: dbName,
    KAFKA_BROKERS: kafkaBrokers.join(','),
    NODE_ENV: 'test',
    SCHEDULER_INTERVAL_MS: '60000',
  }),
  host: '127.0.0.1',
  logger: createLogger({ service: 'news-feed', level: 'warn' }),
});
const startSeconds = (performance.now() - started) / 1000;
// what the service holds with the published articles in memory, after a full collection
global.gc?.();
const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
const memory = { heapUsed, arrayBuffers, rss, index: service.exposed.index.statistics() };
const api = `${service.url}/api/news-feed`;
const firstPageText = await (await fetch(`${api}/articles?limit=20`)).text();
// The baseline answers a body of the first page's size, so both move the same bytes.
const bare = await startBareExpressServer({ body: jsonBodyOfSize(firstPageText.length) });

serveParent(async () => {
  await bare.close();
  await service.stop();
});
process.send!({ api, bareUrl: bare.url, firstPageText, startSeconds, memory });
