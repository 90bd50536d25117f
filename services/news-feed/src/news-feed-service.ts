import { warmUp } from '@shuangchuang/chinese-text';
import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { openapiDocumentPath } from '@shuangchuang/contracts/documents';
import { createEventBackbone, type EventBackbone } from '@shuangchuang/event-backbone';
import {
  createHttpApp,
  createReadiness,
  mongooseConnectionCheck,
  continueStartup,
  startHttpServer,
  prepareCollections,
  type Closer,
  type Logger,
  type Readiness,
  platformTokenAuth,
  TOKEN_REVOCATION_TOPIC,
  type TokenEnv,
} from '@shuangchuang/service-kit';
import mongoose, { type Connection } from 'mongoose';
import type { Server } from 'node:http';
import { mountEditorialRoutes } from './api/editorial-routes.js';
import { mountFeedRoutes } from './api/feed-routes.js';
import { articleSummaryView } from './api/article-view.js';
import { toProblem } from './api/problems.js';
import { ArticleFeed } from './data-access/article-feed.js';
import { ArticleStore } from './data-access/article-store.js';
import { CarrierReadModel } from './data-access/carrier-read-model.js';
import { newsModels, type NewsModels } from './data-access/news-models.js';
import { PublishedArticleIndex } from './data-access/published-article-index.js';
import { PublishedFeed } from './data-access/published-feed.js';
import { subscribeToRegistry } from './events/handlers/registry-subscription.js';
import { seedOnFirstStart, type FirstStartSeedOptions } from './import/first-start-seed.js';
import type { NewsEvent, NewsEventTypes } from './events/outgoing/news-event-types.js';
import { EditorialDesk } from './workflows/editorial-desk.js';
import { ScheduledPublishing } from './workflows/scheduled-publishing.js';

export const SERVICE_NAME = 'news-feed';

export interface NewsFeedServiceOptions {
  port: number;
  host?: string;
  mongoUrl: string;
  dbName: string;
  kafkaBrokers: string[];
  /** the token settings of the environment (keys, algorithm, maximum age); tests: NODE_ENV test */
  tokenEnv: Partial<TokenEnv>;
  logger: Logger;
  schedulerIntervalMs: number;
  /** the clock of the desk and the scheduler (tests control it) */
  now?: () => Date;
  /** relay poll interval (tests shorten it) */
  relayPollIntervalMs?: number;
  /** how often the published feed in memory looks for other instances' writes (default 1000) */
  feedPollIntervalMs?: number;
  /** publish the seed articles when the feed is empty (SEED_ON_FIRST_START; off in tests) */
  seedOnFirstStart?: boolean | FirstStartSeedOptions;
}

export interface RunningNewsFeedService {
  url: string;
  port: number;
  server: Server;
  readiness: Readiness;
  connection: Connection;
  models: NewsModels;
  carriers: CarrierReadModel;
  publishedArticles: PublishedArticleIndex;
  scheduler: ScheduledPublishing;
  backbone: EventBackbone<NewsEventTypes>;
  /** the first-start seed running in the background: resolves to the number published */
  seeding: Promise<number>;
  /** what graceful shutdown closes, in order, after the HTTP server */
  closers: Closer[];
  /** closes the HTTP server and everything in `closers` (tests) */
  stop(): Promise<void>;
}

/** Wires news-feed: database, outbox and relay, registry consumer, desk, scheduler, HTTP API. */
export async function startNewsFeedService(
  options: NewsFeedServiceOptions,
): Promise<RunningNewsFeedService> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  warmUp();
  const connection = await mongoose
    .createConnection(options.mongoUrl, { dbName: options.dbName })
    .asPromise();
  const models = newsModels(connection);
  await prepareCollections(models);

  const backbone = createEventBackbone<NewsEventTypes>({
    serviceName: SERVICE_NAME,
    kafka: { brokers: options.kafkaBrokers },
    connection,
    catalog: eventCatalog,
    // ours, and the registry's we consume
    topics: topicDeclarations.filter(
      (topic) =>
        topic.name.startsWith('news.') ||
        topic.name.startsWith('registry.') ||
        topic.name === TOKEN_REVOCATION_TOPIC,
    ),
    logger,
    ...(options.relayPollIntervalMs && { relay: { pollIntervalMs: options.relayPollIntervalMs } }),
  });
  await backbone.ensureTopics();

  const carriers = new CarrierReadModel(models);
  const store = new ArticleStore<NewsEvent>(connection, models, async (session, events) => {
    await backbone.outbox.record(session, events);
  });
  // the public feed and search from memory: loaded before serving, this instance's writes applied
  // as they commit, other instances' by polling
  const publishedArticles = new PublishedArticleIndex(
    models,
    (article) => articleSummaryView(article, { staff: false }),
    (error) => logger.warn({ err: error }, 'published feed: a change is applied at the next poll'),
  );
  store.onCommitted((committed) => publishedArticles.articleCommitted(committed));
  await publishedArticles.load();
  publishedArticles.startPolling(options.feedPollIntervalMs ?? 1_000);
  const publishedFeed = new PublishedFeed(publishedArticles);
  const desk = new EditorialDesk({ store, carriers, now });
  const feed = new ArticleFeed(models);
  const scheduler = new ScheduledPublishing(desk, store, now, logger);

  const { auth, revocations } = await platformTokenAuth(options.tokenEnv, {
    connection,
    logger,
  });
  const readiness = createReadiness({ mongo: mongooseConnectionCheck(connection) });
  const app = createHttpApp({
    service: SERVICE_NAME,
    apiSpec: openapiDocumentPath(SERVICE_NAME),
    logger,
    auth,
    readiness,
    toProblem,
    // an import may carry a 500,000-character document (3 bytes per character in UTF-8)
    bodyLimit: '1600kb',
    mountRoutes(router) {
      mountFeedRoutes(router, { feed, publishedFeed });
      mountEditorialRoutes(router, { desk, store, feed, auth });
    },
  });
  const running = await startHttpServer(app, { port: options.port, host: options.host });
  revocations.follow(backbone, SERVICE_NAME);
  const registrySubscription = await continueStartup(running, () =>
    subscribeToRegistry(backbone, carriers),
  );
  const relay = backbone.startRelay();
  scheduler.start(options.schedulerIntervalMs);
  // in the background: it waits for the registry's carriers so the articles link them
  const seeding = options.seedOnFirstStart
    ? seedOnFirstStart(
        { desk, models, carriers, logger },
        typeof options.seedOnFirstStart === 'object' ? options.seedOnFirstStart : {},
      ).then(
        (published) => {
          if (published) logger.info({ published }, 'published the seed articles');
          return published;
        },
        (error: unknown) => {
          logger.error({ err: error }, 'the first-start seed failed; the feed stays as it is');
          return 0;
        },
      )
    : Promise.resolve(0);

  const closers: Closer[] = [
    { name: 'scheduler', close: () => scheduler.stop() },
    revocations.closer,
    { name: 'published feed polling', close: () => publishedArticles.stop() },
    { name: 'registry consumer', close: () => registrySubscription.stop() },
    { name: 'outbox relay', close: () => relay.stop() },
    { name: 'event backbone', close: () => backbone.stop() },
    { name: 'mongo', close: () => connection.close() },
  ];
  return {
    url: running.url,
    port: running.port,
    server: running.server,
    readiness,
    connection,
    models,
    carriers,
    publishedArticles,
    scheduler,
    backbone,
    seeding,
    closers,
    async stop() {
      readiness.beginShutdown();
      await new Promise<void>((resolve) => {
        running.server.close(() => resolve());
        running.server.closeAllConnections();
      });
      for (const closer of closers) await closer.close();
    },
  };
}
