import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { openapiDocumentPath } from '@shuangchuang/contracts/documents';
import { warmUp } from '@shuangchuang/chinese-text';
import { createEventBackbone } from '@shuangchuang/event-backbone';
import {
  createHttpApp,
  createReadiness,
  mongooseConnectionCheck,
  startHttpServer,
  type Closer,
  type Logger,
  type Readiness,
  platformTokenAuth,
  TOKEN_REVOCATION_TOPIC,
  type TokenEnv,
} from '@shuangchuang/service-kit';
import mongoose from 'mongoose';
import type { Server } from 'node:http';
import { mountCarrierRoutes } from './api/carrier-routes.js';
import { mountImportRoutes } from './api/import-routes.js';
import { mountStatisticsRoutes } from './api/statistics-routes.js';
import { CarrierSearch } from './data-access/carrier-search.js';
import { CarrierSearchIndex } from './data-access/carrier-search-index.js';
import { CarrierStatistics } from './data-access/carrier-statistics.js';
import { MongoCarrierStore } from './data-access/mongo-carrier-store.js';
import { CarrierRegistry } from './domain/carrier-registry.js';
import { eventOfFact } from './events/outgoing/events-of-fact.js';
import type { RegistryEventMap } from './events/outgoing/registry-event-types.js';
import { seedOnFirstStart } from './import/first-start-seed.js';

export interface RegistryServiceOptions {
  port: number;
  host?: string;
  mongoUrl: string;
  dbName: string;
  kafkaBrokers: string[];
  /** the token settings of the environment (keys, algorithm, maximum age); tests: NODE_ENV test */
  tokenEnv: Partial<TokenEnv>;
  logger: Logger;
  seedOnFirstStart: boolean;
  /** relay poll interval etc. (tests shorten it) */
  relayPollIntervalMs?: number;
}

export interface RunningRegistryService {
  url: string;
  port: number;
  server: Server;
  readiness: Readiness;
  /** what graceful shutdown closes, in order, after the HTTP server */
  closers: Closer[];
  /** closes the HTTP server and everything in `closers` (tests) */
  stop(): Promise<void>;
}

/** Wires the registry: database, outbox and relay, use cases, HTTP API; seeds an empty registry. */
export async function startRegistryService(
  options: RegistryServiceOptions,
): Promise<RunningRegistryService> {
  const { logger } = options;
  warmUp();
  const connection = await mongoose
    .createConnection(options.mongoUrl, { dbName: options.dbName })
    .asPromise();
  const backbone = createEventBackbone<RegistryEventMap>({
    serviceName: 'registry',
    kafka: { brokers: options.kafkaBrokers },
    connection,
    catalog: eventCatalog,
    topics: topicDeclarations.filter(
      (topic) => topic.name.startsWith('registry.') || topic.name === TOKEN_REVOCATION_TOPIC,
    ),
    logger,
    ...(options.relayPollIntervalMs && { relay: { pollIntervalMs: options.relayPollIntervalMs } }),
  });
  await backbone.ensureTopics();

  const store = new MongoCarrierStore(connection, async (facts, session, requestId) => {
    await backbone.outbox.record(session, facts.map(eventOfFact), { requestId });
  });
  await store.init();
  const searchIndex = new CarrierSearchIndex(connection);
  store.onCommitted((documents) => documents.forEach((document) => searchIndex.put(document)));
  await searchIndex.load();
  searchIndex.startPolling(1_000, (err) =>
    logger.warn({ err }, 'search index refresh failed; retrying on the next poll'),
  );
  const registry = new CarrierRegistry(store);
  if (options.seedOnFirstStart) {
    const seeded = await seedOnFirstStart(registry, store, {
      actor: { userId: 'system:first-start-seed' },
    });
    if (seeded) logger.info('seeded the empty registry with the carriers of the seed documents');
  }
  const relay = backbone.startRelay();

  const { auth, revocations } = await platformTokenAuth(options.tokenEnv, {
    connection,
    logger,
  });
  const readiness = createReadiness({ mongo: mongooseConnectionCheck(connection) });
  const search = new CarrierSearch(searchIndex);
  const statistics = new CarrierStatistics(connection);
  const app = createHttpApp({
    service: 'registry',
    apiSpec: openapiDocumentPath('registry'),
    logger,
    auth,
    readiness,
    mountRoutes(router) {
      mountCarrierRoutes(router, { registry, search, store, auth });
      mountImportRoutes(router, { registry, auth });
      mountStatisticsRoutes(router, { statistics });
    },
    bodyLimit: '300kb',
  });
  const running = await startHttpServer(app, { port: options.port, host: options.host });
  revocations.follow(backbone, 'registry');

  const closers: Closer[] = [
    revocations.closer,
    { name: 'search index polling', close: () => searchIndex.stop() },
    { name: 'outbox relay', close: () => relay.stop() },
    { name: 'event backbone', close: () => backbone.stop() },
    { name: 'mongo', close: () => connection.close() },
  ];
  return {
    url: running.url,
    port: running.port,
    server: running.server,
    readiness,
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
