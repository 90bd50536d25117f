import { createLogger, installGracefulShutdown } from '@shuangchuang/service-kit';
import { loadRegistryConfig } from './config.js';
import { startRegistryService } from './registry-service.js';

// Composition root: configuration, logger, the service, graceful shutdown.
const config = loadRegistryConfig();
const logger = createLogger({ service: 'registry', level: config.LOG_LEVEL });

const service = await startRegistryService({
  port: config.PORT,
  mongoUrl: config.MONGO_URL,
  dbName: config.MONGO_DB_NAME,
  kafkaBrokers: config.KAFKA_BROKERS,
  tokenEnv: config,
  logger,
  seedOnFirstStart: config.SEED_ON_FIRST_START,
});
installGracefulShutdown({
  server: service.server,
  logger,
  readiness: service.readiness,
  closers: service.closers,
});
logger.info({ url: service.url }, 'registry listening');
