// What news-feed is made of; main.ts starts it, tests start it in-process.
import { warmUp } from '@shuangchuang/chinese-text';
import { eventCatalog, topicDeclarations } from '@shuangchuang/contracts';
import { openapiDocumentPath } from '@shuangchuang/contracts/documents';
import { defineService, TOKEN_REVOCATION_TOPIC } from '@shuangchuang/service-kit';
import { toProblem } from './api/problems.js';
import { newsFeedRoutes } from './api/routes.js';
import { articleSummaryView } from './api/views.js';
import type { NewsFeedConfig } from './config.js';
import { MongoArticleStore } from './data-access/article-store.js';
import { CarrierReadModel } from './data-access/carrier-read-model.js';
import { newsFeedModels } from './data-access/models.js';
import { PublishedArticleLoader } from './data-access/published-article-loader.js';
import { subscribeToRegistry } from './events/handlers/registry-subscription.js';
import type { NewsFeedEventMap } from './events/outgoing/event-types.js';
import { eventsOfChange } from './events/outgoing/events-of-change.js';
import { PublishedArticleIndex } from './search/published-article-index.js';
import { PublishedFeed } from './search/published-feed.js';
import type { FeedItem, NewsFeedContext } from './workflows/news-feed-context.js';
import { scheduledPublishing } from './workflows/scheduled-publishing.js';
import { seedOnFirstStart } from './workflows/seed-on-first-start.js';

export const newsFeedService = defineService<NewsFeedConfig, NewsFeedEventMap>()({
  name: 'news-feed',
  apiSpec: openapiDocumentPath('news-feed'),
  events: {
    catalog: eventCatalog,
    // ours, the registry's we consume, and the token revocations every service follows
    topics: topicDeclarations.filter(
      (topic) =>
        topic.name.startsWith('news.') ||
        topic.name.startsWith('registry.') ||
        topic.name === TOKEN_REVOCATION_TOPIC,
    ),
  },
  models: newsFeedModels,

  async build({ config, logger, connection, models, backbone, idempotency, now }) {
    warmUp();
    const articles = new MongoArticleStore(connection, models, async (change, session) => {
      const events = eventsOfChange(change);
      if (events.length > 0) await backbone.outbox.record(session, events);
    });
    const carriers = new CarrierReadModel(models);
    // the public feed and search from memory: loaded before serving, this instance's writes
    // applied as they commit, other instances' by polling
    const index = new PublishedArticleIndex<FeedItem>((article) =>
      articleSummaryView(article, { staff: false }),
    );
    const loader = new PublishedArticleLoader(models.articles, index, (err) =>
      logger.warn({ err }, 'published feed: a change is applied at the next poll'),
    );
    articles.onCommitted((committed) => loader.committed(committed));
    await loader.load();
    loader.startPolling(config.FEED_POLL_INTERVAL_MS);

    const context: NewsFeedContext = {
      articles,
      carriers,
      publishedFeed: new PublishedFeed(index),
      idempotency,
      now,
    };
    const scheduler = scheduledPublishing(context, logger);
    // the first-start seed runs in the background once the service listens: it waits for the
    // registry's carriers (the consumer joins then) so its articles link them
    let listening!: () => void;
    const seeding = new Promise<void>((resolve) => (listening = resolve)).then(async () => {
      if (!config.SEED_ON_FIRST_START) return 0;
      try {
        const published = await seedOnFirstStart(context, logger, {
          quietMs: config.SEED_CARRIERS_QUIET_MS,
          maxWaitMs: config.SEED_CARRIERS_MAX_WAIT_MS,
        });
        if (published) logger.info({ published }, 'published the seed articles');
        return published;
      } catch (error) {
        logger.error({ err: error }, 'the first-start seed failed; the feed stays as it is');
        return 0;
      }
    });
    return {
      routes: newsFeedRoutes(context),
      toProblem,
      // an import may carry a 500,000-character document (3 bytes per character in UTF-8)
      bodyLimit: '1600kb',
      async afterListening() {
        // the consumer stops with the event backbone
        await subscribeToRegistry(backbone, carriers);
        scheduler.start(config.SCHEDULER_INTERVAL_MS);
        listening();
      },
      closers: [
        { name: 'scheduler', close: () => scheduler.stop() },
        { name: 'published feed polling', close: () => loader.stop() },
      ],
      // `seeding`: the first-start seed, resolving to the number of articles it published
      exposed: { context, models, carriers, index, loader, scheduler, seeding },
    };
  },
});
