import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { openapiDocumentPath } from '@shuangchuang/contracts/documents';
import {
  createEventBackbone,
  type EventBackbone,
  type Subscription,
} from '@shuangchuang/event-backbone';
import {
  createHttpApp,
  createLogger,
  mongoRateLimiters,
  platformTokenAuth,
  TokenIssuer,
  tokenSigning,
  createReadiness,
  mongooseConnectionCheck,
  continueStartup,
  startHttpServer,
  prepareCollections,
  type Closer,
  type Logger,
  type Readiness,
  type RunningHttpServer,
} from '@shuangchuang/service-kit';
import mongoose, { type Connection } from 'mongoose';
import { mountIntakeRoutes } from './api/routes.js';
import type { IntakeConfig } from './config.js';
import { ApplicationStore } from './data-access/application-store.js';
import { CarrierReadModel } from './data-access/carrier-read-model.js';
import { FounderAccounts } from './data-access/founder-accounts.js';
import { IdempotencyKeys } from './data-access/idempotency-keys.js';
import { intakeModels } from './data-access/models.js';
import { subscribeToRegistry } from './events/handlers/registry-subscription.js';
import type { IntakeEventTypes } from './events/outgoing/event-types.js';
import type { CodeExchanger } from './identity/code-exchanger.js';
import { DevelopmentExchanger } from './identity/development-exchanger.js';
import { FounderSessions } from './data-access/founder-sessions.js';
import { FounderSessionService } from './identity/founder-sessions.js';
import { FounderTokens } from './identity/founder-tokens.js';
import type { LoginLimits } from './identity/login-limits.js';
import { WechatCode2Session } from './identity/wechat-code2session.js';
import type { IntakeContext } from './workflows/intake-context.js';

export const SERVICE_NAME = 'application-intake';

export interface RunningIntake {
  http: RunningHttpServer;
  connection: Connection;
  backbone: EventBackbone<IntakeEventTypes>;
  context: IntakeContext;
  readiness: Readiness;
  logger: Logger;
  /** In shutdown order: registry consumer and relay, then the database. */
  closers: Closer[];
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Tests pin the clock. */
  now?: () => Date;
  host?: string;
}

function exchangerFor(config: IntakeConfig): CodeExchanger {
  if (config.WECHAT_APP_ID && config.WECHAT_APP_SECRET) {
    return new WechatCode2Session({
      appId: config.WECHAT_APP_ID,
      appSecret: config.WECHAT_APP_SECRET,
      baseUrl: config.WECHAT_API_BASE_URL,
      timeoutMs: config.WECHAT_TIMEOUT_MS,
    });
  }
  return new DevelopmentExchanger();
}

/** The composition: database, event backbone, read model consumer, outbox relay, HTTP API. */
export async function startApplicationIntake(
  config: IntakeConfig,
  options: StartOptions = {},
): Promise<RunningIntake> {
  const logger = options.logger ?? createLogger({ service: SERVICE_NAME, level: config.LOG_LEVEL });
  const connection = await mongoose
    .createConnection(config.MONGO_URL, { dbName: config.MONGO_DB_NAME })
    .asPromise();
  const models = intakeModels(connection);
  await prepareCollections(models);

  const backbone = createEventBackbone<IntakeEventTypes>({
    serviceName: SERVICE_NAME,
    kafka: { brokers: config.KAFKA_BROKERS },
    connection,
    catalog: eventCatalog,
    topics: topicDeclarations,
    logger,
  });
  await backbone.ensureTopics();

  const context: IntakeContext = {
    connection,
    applications: new ApplicationStore(models),
    carriers: new CarrierReadModel(models),
    founders: new FounderAccounts(models),
    idempotencyKeys: new IdempotencyKeys(models),
    outbox: backbone.outbox,
    now: options.now ?? (() => new Date()),
  };

  const founderSessions = new FounderSessions(connection);
  await founderSessions.prepare();
  const founderTokens = new FounderTokens(
    new TokenIssuer(tokenSigning(config)),
    config.FOUNDER_TOKEN_TTL_SECONDS,
  );
  const sessions = new FounderSessionService(
    founderSessions,
    founderTokens,
    context,
    config.FOUNDER_REFRESH_TTL_SECONDS,
  );
  const { auth, revocations } = await platformTokenAuth(config, { connection, logger });
  const limiter = mongoRateLimiters(connection.db!);
  const limits: LoginLimits = {
    perClient: limiter('login-per-client', config.LOGIN_RATE_LIMIT_PER_CLIENT),
    perIdentity: limiter('login-per-identity', config.LOGIN_RATE_LIMIT_PER_IDENTITY),
    accountsPerClient: limiter(
      'accounts-per-client',
      config.ACCOUNT_CREATION_RATE_LIMIT_PER_CLIENT,
    ),
    accounts: limiter('accounts', config.ACCOUNT_CREATION_RATE_LIMIT),
  };

  const readiness = createReadiness({ mongo: mongooseConnectionCheck(connection) });
  const app = createHttpApp({
    service: SERVICE_NAME,
    apiSpec: openapiDocumentPath(SERVICE_NAME),
    logger,
    auth,
    readiness,
    mountRoutes: (router) =>
      mountIntakeRoutes(router, {
        context,
        exchanger: exchangerFor(config),
        sessions,
        limits,
      }),
  });
  const http = await startHttpServer(app, { port: config.PORT, host: options.host });
  revocations.follow(backbone, SERVICE_NAME);
  const registrySubscription: Subscription = await continueStartup(http, () =>
    subscribeToRegistry(backbone, context.carriers),
  );
  backbone.startRelay();

  const closers: Closer[] = [
    revocations.closer,
    { name: 'registry consumer', close: () => registrySubscription.stop() },
    { name: 'event backbone', close: () => backbone.stop() },
    { name: 'mongo', close: () => connection.close() },
  ];
  return {
    http,
    connection,
    backbone,
    context,
    readiness,
    logger,
    closers,
    async stop() {
      http.server.closeAllConnections();
      await new Promise((resolve) => http.server.close(resolve));
      for (const closer of closers) await closer.close();
    },
  };
}
