import { pollEvery, type Logger, type Poller } from '@shuangchuang/service-kit';
import { carriersMentionedIn } from '../domain/carrier-mentions.js';
import { publishIfDue } from '../domain/editorial-workflow.js';
import { StaleVersionError } from '../domain/errors.js';
import type { NewsFeedContext } from './news-feed-context.js';

/** Articles one pass publishes at most; the next pass takes the rest. */
const DUE_PER_PASS = 100;

/**
 * Publishes the scheduled articles whose time has come by the context's clock: the due articles
 * and the carriers they may mention are read once for the pass. Several instances may run: each
 * step is conditional on the article's version, so an article goes out once. The ids published.
 */
export async function publishDueArticles(context: NewsFeedContext): Promise<string[]> {
  const due = await context.articles.findDue(context.now(), DUE_PER_PASS);
  if (due.length === 0) return [];
  const carriers = await context.carriers.mentionable();
  const published: string[] = [];
  for (const article of due) {
    const next = publishIfDue(article, context.now());
    if (!next) continue;
    const withMentions = {
      ...next,
      mentionedCarriers: carriersMentionedIn(next.content, carriers),
    };
    try {
      await context.articles.update(
        { article: withMentions, outcome: { kind: 'published' } },
        article,
      );
      published.push(article.id);
    } catch (error) {
      if (error instanceof StaleVersionError) continue; // retracted or published meanwhile
      throw error;
    }
  }
  return published;
}

export interface ScheduledPublishing {
  /** One pass now (after the one running, if any); the number of articles it published. */
  runOnce(): Promise<number>;
  /** Runs a pass every `intervalMs` from now on. */
  start(intervalMs: number): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** publishDueArticles on a timer, one pass at a time, each article published logged. */
export function scheduledPublishing(context: NewsFeedContext, logger: Logger): ScheduledPublishing {
  let running: Promise<number> | undefined;
  let poller: Poller | undefined;
  const runOnce = (): Promise<number> => {
    // a caller arriving during a pass waits for it, then runs its own
    const pass = (running ?? Promise.resolve(0))
      .catch(() => 0)
      .then(async () => {
        const published = await publishDueArticles(context);
        for (const articleId of published)
          logger.info({ articleId }, 'scheduled article published');
        return published.length;
      });
    running = pass;
    return pass;
  };
  return {
    runOnce,
    start(intervalMs) {
      poller = pollEvery(
        intervalMs,
        async () => {
          await runOnce();
        },
        (error) => logger.error({ err: error }, 'scheduled publishing failed'),
      );
    },
    async stop() {
      await poller?.stop();
      await running?.catch(() => undefined);
    },
  };
}
