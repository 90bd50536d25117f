import {
  createEventBackbone,
  type EventBackbone,
  type EventCatalog,
  type RelayOptions,
  type TopicDeclaration,
} from '@shuangchuang/event-backbone';
import { prepareCollections, type PreparableModel } from '@shuangchuang/mongo-kit';
import mongoose, { type Connection } from 'mongoose';
import type { Server } from 'node:http';
import type { JwtAuth } from '../auth/jwt-auth.js';
import { platformTokenAuth } from '../auth/platform-token-auth.js';
import type { TokenEnv } from '../auth/token-settings.js';
import {
  createReadiness,
  kafkaAdminCheck,
  mongooseConnectionCheck,
  type Readiness,
  type ReadinessCheck,
} from '../health/readiness.js';
import { createHttpApp } from '../http/create-http-app.js';
import { createMetricsRegistry } from '../http/metrics.js';
import type { ApiSpec } from '../http/openapi-document.js';
import { createIdempotency, type Idempotency } from '../idempotency/idempotently.js';
import {
  installGracefulShutdown,
  type Closer,
  type GracefulShutdown,
} from '../lifecycle/graceful-shutdown.js';
import { continueStartup, startHttpServer } from '../lifecycle/start-http-server.js';
import { createLogger, type Logger, type LogLevel } from '../logging/create-logger.js';
import type { AnyRouteTable, RouteGuards } from '../routes/typed-routes.js';
import { currentEventContext } from '../tracing/trace-context.js';
import { startTracing, type Tracing } from '../tracing/tracing.js';

/**
 * The variables startService reads (serviceEnvSchema validates them), with the token settings
 * (`JWT_ALG`, `JWT_JWKS_FILE`…; with none outside production, the development or test keys).
 */
export interface ServiceConfig extends Partial<TokenEnv> {
  PORT: number;
  LOG_LEVEL: LogLevel;
  MONGO_URL: string;
  /** the service's database; its name by default */
  MONGO_DB_NAME?: string;
  KAFKA_BROKERS: string[];
}

/** What a service's `build` gets: everything shared, connected and ready. */
export interface ServiceInfrastructure<Config, Models, Events extends object> {
  config: Config;
  logger: Logger;
  /** the service's own database */
  connection: Connection;
  /** the service's models, their collections and indexes prepared */
  models: Models;
  /** outbox, relay (started by the kit once the server listens), subscriptions */
  backbone: EventBackbone<Events>;
  /** the one Idempotency-Key mechanism (its collection prepared) */
  idempotency: Idempotency;
  auth: JwtAuth;
  /** the clock workflows read (tests pin it) */
  now: () => Date;
}

/** What a service is made of, built once the infrastructure is up and before the server listens. */
export interface ServiceParts<Exposed> {
  /** the route table: `routeTable<paths>({ 'GET /carriers': … })` */
  routes: AnyRouteTable;
  /** middleware before some routes' handlers, by route key (e.g. a per-client rate limit) */
  routeGuards?: RouteGuards;
  /** the service's own errors as ProblemErrors (its `api/problems.ts`) */
  toProblem?: (error: unknown) => unknown;
  /**
   * Runs once the server listens: join consumer groups (a restarted service answers requests
   * while the group waits out its dead member's session). A failure closes the server again.
   */
  afterListening?(listening: { url: string; port: number }): Promise<void>;
  /** stopped in this order after the HTTP server, before the event backbone and the database */
  closers?: Closer[];
  /** more /readyz checks than the database's */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** largest JSON body accepted; 100kb by default */
  bodyLimit?: string | number;
  /** what tests (and nothing else) reach of a running service, e.g. its stores */
  exposed?: Exposed;
}

/** A service's collections by name: each one's collection and indexes are prepared at start-up. */
export type ServiceModels<Models> = { [K in keyof Models]: PreparableModel };

export interface ServiceDefinition<
  Config extends ServiceConfig = ServiceConfig,
  Models extends ServiceModels<Models> = Record<string, never>,
  Events extends object = Record<string, unknown>,
  Exposed = undefined,
> {
  /** `registry`, `news-feed`…: names logs, metrics, the database, the API path `/api/<name>` */
  name: string;
  /** the bundled OpenAPI document (`openapiDocumentPath(name)`) */
  apiSpec: ApiSpec;
  /** the event catalog (`eventCatalog`) and the topics to create at start-up */
  events: { catalog: EventCatalog; topics: readonly TopicDeclaration[] };
  /** the service's mongoose models (its `data-access/models.ts`) */
  models?(connection: Connection): Models;
  /**
   * Collections an older version of the service kept and nothing reads any more: dropped at
   * start-up. The driver answers the drop of an absent one with false, so restarts and replicas
   * starting at once are fine. (Data to carry over is moved by the service's own start-up.)
   */
  retiredCollections?: readonly string[];
  build(
    infrastructure: ServiceInfrastructure<Config, Models, Events>,
  ): Promise<ServiceParts<Exposed>> | ServiceParts<Exposed>;
}

export interface StartServiceOptions<Config> {
  config: Config;
  /** a logger of one's own (tests capture lines); one writing to stdout otherwise */
  logger?: Logger;
  /** the clock workflows read; the wall clock otherwise */
  now?: () => Date;
  /** where to listen; all interfaces otherwise */
  host?: string;
  /** the process's own start (main.ts): SIGTERM/SIGINT shut down gracefully and exit */
  handleSignals?: boolean;
  /** the outbox relay's settings (tests shorten its poll interval) */
  relay?: RelayOptions;
}

export interface RunningService<Events extends object, Exposed> {
  /** e.g. `http://127.0.0.1:43117` (the API is under `/api/<name>`) */
  url: string;
  port: number;
  server: Server;
  connection: Connection;
  backbone: EventBackbone<Events>;
  logger: Logger;
  readiness: Readiness;
  exposed: Exposed;
  /** in the order shutdown runs them after the HTTP server */
  closers: Closer[];
  /** installed when `handleSignals` */
  shutdown?: GracefulShutdown;
  /** closes the HTTP server and runs the closers (tests; signals do the same in a process) */
  stop(): Promise<void>;
}

/**
 * The composition root every service uses: logger, database, event backbone, the service's
 * parts, the HTTP app (contract-validated, typed routes, problem+json), listen, then join
 * consumer groups and start the outbox relay; graceful shutdown with the closers in order.
 */
export async function startService<
  Config extends ServiceConfig,
  Models extends ServiceModels<Models>,
  Events extends object,
  Exposed,
>(
  definition: ServiceDefinition<Config, Models, Events, Exposed>,
  options: StartServiceOptions<Config>,
): Promise<RunningService<Events, Exposed>> {
  const { config } = options;
  const logger =
    options.logger ?? createLogger({ service: definition.name, level: config.LOG_LEVEL });
  // Before the database and the broker are reached, so their first commands are traced too.
  const tracing = await startTracing({ serviceName: definition.name });
  if (tracing.enabled && !tracing.databaseSpans) {
    logger.warn(
      'tracing without database spans: start the process with `node --import @shuangchuang/service-kit/tracing-register`',
    );
  }
  const metrics = createMetricsRegistry(definition.name);
  const connection = await mongoose
    .createConnection(config.MONGO_URL, { dbName: config.MONGO_DB_NAME ?? definition.name })
    .asPromise();
  const closeConnection: Closer = { name: 'mongo', close: () => connection.close() };
  try {
    const backbone = createEventBackbone<Events>({
      serviceName: definition.name,
      kafka: { brokers: config.KAFKA_BROKERS },
      connection,
      catalog: definition.events.catalog,
      topics: definition.events.topics,
      logger,
      metrics,
      currentContext: currentEventContext,
      ...(options.relay && { relay: options.relay }),
    });
    await backbone.ensureTopics();
    const models = (definition.models?.(connection) ?? {}) as Models &
      Record<string, PreparableModel>;
    const idempotency = createIdempotency(connection, { metrics });
    await prepareCollections([idempotency.model, ...Object.values(models)]);
    for (const retired of definition.retiredCollections ?? []) {
      await connection.dropCollection(retired);
    }
    // tokens verified through the JWKS, revocations kept in the service's own database
    const { auth, revocations } = await platformTokenAuth(config, { connection, logger });
    const parts = await definition.build({
      config,
      logger,
      connection,
      models,
      backbone,
      idempotency,
      auth,
      now: options.now ?? (() => new Date()),
    });
    const closers: Closer[] = [
      ...(parts.closers ?? []),
      revocations.closer,
      { name: 'event backbone', close: () => backbone.stop() },
      closeConnection,
      ...(tracing.enabled ? [{ name: 'tracing', close: () => flushSpans(tracing, logger) }] : []),
    ];

    const readiness = createReadiness({
      mongo: mongooseConnectionCheck(connection),
      kafka: kafkaAdminCheck(backbone),
      ...parts.readinessChecks,
    });
    const app = createHttpApp({
      service: definition.name,
      apiSpec: definition.apiSpec,
      logger,
      auth,
      readiness,
      metrics,
      routes: parts.routes,
      ...(parts.toProblem && { toProblem: parts.toProblem }),
      ...(parts.routeGuards && { routeGuards: parts.routeGuards }),
      ...(parts.bodyLimit !== undefined && { bodyLimit: parts.bodyLimit }),
    });
    const http = await startHttpServer(app, { port: config.PORT, host: options.host });
    try {
      await continueStartup(http, async () => {
        revocations.follow(backbone, definition.name);
        await parts.afterListening?.({ url: http.url, port: http.port });
        backbone.startRelay();
      });
    } catch (error) {
      for (const closer of closers) await Promise.resolve(closer.close()).catch(() => undefined);
      throw error;
    }

    const shutdown = options.handleSignals
      ? installGracefulShutdown({ server: http.server, logger, readiness, closers })
      : undefined;
    logger.info({ url: http.url }, `${definition.name} listening`);
    return {
      url: http.url,
      port: http.port,
      server: http.server,
      connection,
      backbone,
      logger,
      readiness,
      exposed: parts.exposed as Exposed,
      closers,
      ...(shutdown && { shutdown }),
      async stop() {
        readiness.beginShutdown();
        http.server.closeAllConnections();
        await new Promise((resolve) => http.server.close(resolve));
        for (const closer of closers) await closer.close();
      },
    };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}

/** Sends the spans still buffered; a collector that cannot take them does not fail the shutdown. */
async function flushSpans(tracing: Tracing, logger: Logger): Promise<void> {
  await tracing.flush().catch((error: unknown) => {
    logger.warn({ err: error }, 'spans still buffered could not be exported');
  });
}

/**
 * Declares a service with its config and event types, the rest inferred and checked where it is
 * written: `export const registryService = defineService<RegistryConfig, RegistryEventMap>()({ … })`.
 */
export function defineService<
  Config extends ServiceConfig,
  Events extends object = Record<string, unknown>,
>() {
  return <Models extends ServiceModels<Models> = Record<string, never>, Exposed = undefined>(
    definition: ServiceDefinition<Config, Models, Events, Exposed>,
  ): ServiceDefinition<Config, Models, Events, Exposed> => definition;
}
