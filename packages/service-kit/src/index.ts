// The shared service kit: everything a service needs around its routes, written once.
export { loadConfig, ConfigError, type LoadConfigOptions } from './config/load-config.js';
export { commonEnvShape, serviceEnvSchema, type ServiceEnv } from './config/service-env.js';

export {
  createLogger,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logging/create-logger.js';
export { maskPersonalData } from './logging/mask-personal-data.js';
export {
  currentRequestContext,
  runWithRequestContext,
  type RequestContext,
} from './logging/request-context.js';

export { createHttpApp, type HttpAppOptions } from './http/create-http-app.js';
export { deepFreeze } from './http/frozen-json-bodies.js';
export { AnswerCache } from './caching/answer-cache.js';
export { pollEvery, type Poller } from './polling/poll-every.js';
export { IdempotencyKeyReusedProblem, requestFingerprint } from './http/idempotency-key.js';
export { PreconditionRequiredError, versionFromIfMatch, etagOf } from './http/if-match.js';
export type { ApiSpec } from './http/openapi-document.js';
export {
  ProblemError,
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  PreconditionFailedError,
  PROBLEM_CONTENT_TYPE,
  problemType,
  type ProblemDocument,
  type ProblemErrorOptions,
  type FieldProblem,
} from './http/problem.js';
export { createMetricsRegistry, requestDurationMetrics } from './http/metrics.js';
export { answerClientErrorsWithProblems, parserRefusalResponse } from './http/client-errors.js';
export {
  addressKey,
  clientAddressKey,
  MongoRateLimitStore,
  mongoRateLimiters,
  parseRateLimit,
  RateLimiter,
  rateLimitHeaders,
  rateLimitSetting,
  TooManyRequestsError,
  type RateLimitSpec,
} from './http/rate-limits.js';
export {
  startTracing,
  tracingConfigured,
  registerTracingInstrumentations,
  type Tracing,
  type TracingOptions,
} from './tracing/tracing.js';
export { traceLogFields } from './tracing/trace-context.js';

export {
  createReadiness,
  mongooseConnectionCheck,
  kafkaAdminCheck,
  type Readiness,
  type ReadinessCheck,
  type ReadinessReport,
  type MongooseConnectionLike,
  type KafkaAdminLike,
} from './health/readiness.js';

export {
  createJwtAuth,
  assertHasRole,
  maxLifetimeSeconds,
  JWT_ISSUER,
  JWT_AUDIENCE,
  type AuthUser,
  type JwtAuth,
  type JwtAuthOptions,
} from './auth/jwt-auth.js';
export { signDevToken, parseTimeSpan, type DevTokenOptions } from './auth/dev-token.js';
export { TokenIssuer, type IssuedToken, type TokenClaims } from './auth/token-issuer.js';
export {
  DEVELOPMENT_KID_PREFIX,
  ensureDevelopmentKeys,
  generateTokenKeyPair,
  publicPart,
  readJwksFile,
  readPrivateKeyFile,
  writeTokenKeyFiles,
  TOKEN_ALGORITHMS,
  type TokenAlgorithm,
  type TokenJwk,
  type TokenJwks,
  type TokenKeyFiles,
  type TokenKeyPair,
} from './auth/token-keys.js';
export {
  DEFAULT_DEVELOPMENT_KEYS_DIR,
  FOUNDER_TOKEN_MAX_SECONDS,
  STAFF_TOKEN_MAX_SECONDS,
  tokenEnvProblems,
  tokenEnvShape,
  tokenSigning,
  tokenVerification,
  type TokenEnv,
  type TokenSigning,
  type TokenVerification,
} from './auth/token-settings.js';
export {
  RevokedTokens,
  TOKEN_REVOCATION_TOPIC,
  TOKEN_REVOKED_EVENT,
  type RevokedTokensOptions,
  type TokenRevocationReason,
  type TokenRevokedData,
} from './auth/revoked-tokens.js';
export { platformTokenAuth, type PlatformTokenAuth } from './auth/platform-token-auth.js';

export {
  continueStartup,
  startHttpServer,
  type RunningHttpServer,
} from './lifecycle/start-http-server.js';
export {
  installGracefulShutdown,
  type Closer,
  type GracefulShutdown,
  type GracefulShutdownOptions,
} from './lifecycle/graceful-shutdown.js';

export {
  routeTable,
  type RouteTable,
  type RouteHandler,
  type RouteRequest,
  type RouteResponse,
  type OperationKey,
  type OperationAt,
  type AnyRouteTable,
  type RouteGuards,
} from './routes/typed-routes.js';

export {
  createIdempotency,
  IdempotentRequestInProgressProblem,
  KeptKeyTakenError,
  type KeptRequestKey,
  type KeptKeyWork,
  type Idempotency,
  type IdempotencyOptions,
  type IdempotentOutcome,
  type IdempotentRequestDocument,
} from './idempotency/idempotently.js';
export {
  idempotencyKeyOf,
  IDEMPOTENCY_KEY_MAX_LENGTH,
} from './idempotency/idempotency-key-header.js';

export {
  startService,
  defineService,
  type ServiceConfig,
  type ServiceDefinition,
  type ServiceModels,
  type ServiceInfrastructure,
  type ServiceParts,
  type StartServiceOptions,
  type RunningService,
} from './service/start-service.js';

// The MongoDB plumbing (mongo-kit), so a service imports its kit from one place.
export {
  inTransaction,
  isDuplicateKey,
  prepareCollections,
  registeredModel,
  TransactionBusyError,
  VersionedReadModel,
  type Applied,
  type TransactionOptions,
  type VersionedCopy,
} from '@shuangchuang/mongo-kit';
