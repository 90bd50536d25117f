// What the registry is made of; main.ts starts it, tests start it in-process.
import { warmUp } from '@shuangchuang/chinese-text';
import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { openapiDocumentPath } from '@shuangchuang/contracts/documents';
import { defineService, TOKEN_REVOCATION_TOPIC } from '@shuangchuang/service-kit';
import { toProblem } from './api/problems.js';
import { registryRoutes } from './api/routes.js';
import type { RegistryConfig } from './config.js';
import { CarrierSearchLoader } from './data-access/carrier-search-loader.js';
import { CarrierStatistics } from './data-access/carrier-statistics.js';
import { MongoCarrierStore } from './data-access/carrier-store.js';
import { registryModels } from './data-access/models.js';
import { eventOfFact } from './events/outgoing/events-of-fact.js';
import type { RegistryEventMap } from './events/outgoing/event-types.js';
import { CarrierSearch } from './search/carrier-search.js';
import { CarrierSearchIndex } from './search/carrier-search-index.js';
import type { RegistryContext } from './workflows/registry-context.js';
import { seedOnFirstStart } from './workflows/seed-on-first-start.js';

/** How often the search index looks for carriers other instances wrote. */
const SEARCH_INDEX_POLL_MS = 1_000;

export const registryService = defineService<RegistryConfig, RegistryEventMap>()({
  name: 'registry',
  apiSpec: openapiDocumentPath('registry'),
  events: {
    catalog: eventCatalog,
    // ours, and the token revocations every service follows
    topics: topicDeclarations.filter(
      (topic) => topic.name.startsWith('registry.') || topic.name === TOKEN_REVOCATION_TOPIC,
    ),
  },
  models: registryModels,

  async build({ config, logger, connection, models, backbone, now }) {
    warmUp();
    const store = new MongoCarrierStore(connection, models, async (facts, session, requestId) => {
      await backbone.outbox.record(session, facts.map(eventOfFact), { requestId });
    });
    const index = new CarrierSearchIndex();
    const loader = new CarrierSearchLoader(models.carriers, index);
    store.onCommitted((documents) => documents.forEach((document) => loader.put(document)));
    await loader.load();
    loader.startPolling(SEARCH_INDEX_POLL_MS, (err) =>
      logger.warn({ err }, 'search index refresh failed; retrying on the next poll'),
    );
    const context: RegistryContext = {
      store,
      search: new CarrierSearch(index),
      statistics: new CarrierStatistics(models),
      now,
    };
    if (config.SEED_ON_FIRST_START) {
      const seeded = await seedOnFirstStart(context, {
        actor: { userId: 'system:first-start-seed' },
      });
      if (seeded) logger.info('seeded the empty registry with the carriers of the seed documents');
    }
    return {
      routes: registryRoutes(context),
      toProblem,
      bodyLimit: '300kb',
      closers: [{ name: 'search index polling', close: () => loader.stop() }],
      exposed: { context, index },
    };
  },
});
