import { createLogger, installGracefulShutdown } from '@shuangchuang/service-kit';
import { loadNewsFeedConfig } from './config.js';
import { SERVICE_NAME, startNewsFeedService } from './news-feed-service.js';

// Composition root: configuration, logger, the service, graceful shutdown.
const config = loadNewsFeedConfig();
const logger = createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });

const service = await startNewsFeedService({
  port: config.PORT,
  mongoUrl: config.MONGO_URL,
  dbName: config.MONGO_DB_NAME,
  kafkaBrokers: config.KAFKA_BROKERS,
  tokenEnv: config,
  schedulerIntervalMs: config.SCHEDULER_INTERVAL_MS,
  seedOnFirstStart: config.SEED_ON_FIRST_START,
  logger,
});
installGracefulShutdown({
  server: service.server,
  logger,
  readiness: service.readiness,
  closers: service.closers,
});
logger.info({ url: service.url }, 'news-feed listening');
