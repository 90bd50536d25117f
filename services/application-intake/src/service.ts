// What application-intake is made of; main.ts starts it, tests start it in-process.
import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { openapiDocumentPath } from '@shuangchuang/contracts/documents';
import type { Subscription } from '@shuangchuang/event-backbone';
import {
  defineService,
  mongoRateLimiters,
  TOKEN_REVOCATION_TOPIC,
  TokenIssuer,
  tokenSigning,
} from '@shuangchuang/service-kit';
import { toProblem } from './api/problems.js';
import { intakeRouteGuards, intakeRoutes, type RouteDeps } from './api/routes.js';
import type { IntakeConfig } from './config.js';
import { ApplicationStore } from './data-access/application-store.js';
import { CarrierReadModel } from './data-access/carrier-read-model.js';
import { FounderAccounts } from './data-access/founder-accounts.js';
import { FounderSessions } from './data-access/founder-sessions.js';
import { foldLegacyHistory } from './data-access/legacy-collections.js';
import { intakeModels } from './data-access/models.js';
import { subscribeToRegistry } from './events/handlers/registry-subscription.js';
import type { IntakeEventMap } from './events/outgoing/event-types.js';
import type { CodeExchanger } from './identity/code-exchanger.js';
import { DevelopmentExchanger } from './identity/development-exchanger.js';
import { FounderSessionService } from './identity/founder-sessions.js';
import { FounderTokens } from './identity/founder-tokens.js';
import type { LoginLimits } from './identity/login-limits.js';
import { WechatCode2Session } from './identity/wechat-code2session.js';
import type { IntakeContext } from './workflows/intake-context.js';

export const SERVICE_NAME = 'application-intake';

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

export const intakeService = defineService<IntakeConfig, IntakeEventMap>()({
  name: SERVICE_NAME,
  apiSpec: openapiDocumentPath(SERVICE_NAME),
  events: {
    catalog: eventCatalog,
    // ours, the registry's we read, and the token revocations every service follows
    topics: topicDeclarations.filter(
      (topic) =>
        topic.name.startsWith('intake.') ||
        topic.name === 'registry.incubator.v1' ||
        topic.name === TOKEN_REVOCATION_TOPIC,
    ),
  },
  models: intakeModels,
  // its own Idempotency-Key records, before the kit's idempotent_requests
  retiredCollections: ['idempotency_keys'],

  async build({ config, connection, models, backbone, idempotency, now }) {
    await foldLegacyHistory(connection);
    const context: IntakeContext = {
      connection,
      applications: new ApplicationStore(models),
      carriers: new CarrierReadModel(models),
      founders: new FounderAccounts(models),
      idempotency,
      outbox: backbone.outbox,
      now,
    };
    const founderSessions = new FounderSessions(connection);
    await founderSessions.prepare();
    const sessions = new FounderSessionService(
      founderSessions,
      new FounderTokens(new TokenIssuer(tokenSigning(config)), config.FOUNDER_TOKEN_TTL_SECONDS),
      context,
      config.FOUNDER_REFRESH_TTL_SECONDS,
    );
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
    const deps: RouteDeps = { context, exchanger: exchangerFor(config), sessions, limits };
    const subscriptions: Subscription[] = [];
    return {
      routes: intakeRoutes(deps),
      routeGuards: intakeRouteGuards(deps),
      toProblem,
      async afterListening() {
        subscriptions.push(await subscribeToRegistry(backbone, context.carriers));
      },
      closers: [
        {
          name: 'registry consumer',
          close: async () => {
            for (const subscription of subscriptions) await subscription.stop();
          },
        },
      ],
      exposed: { context },
    };
  },
});
