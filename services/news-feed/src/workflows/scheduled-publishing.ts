import type { Logger } from '@shuangchuang/service-kit';
import type { ArticleStore } from '../data-access/article-store.js';
import type { NewsEvent } from '../events/outgoing/news-event-types.js';
import type { EditorialDesk } from './editorial-desk.js';

/**
 * Publishes scheduled articles whose time has come, by the desk's clock. Several instances may
 * run: each step is a conditional update on the article's version, so an article goes out once.
 */
export class ScheduledPublishing {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly desk: EditorialDesk,
    private readonly store: ArticleStore<NewsEvent>,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  /** One pass: publishes what is due; the number published. */
  runOnce(): Promise<number> {
    // one pass at a time; a caller arriving meanwhile waits for it, then runs its own
    const previous = this.running ?? Promise.resolve(0);
    const pass = previous.catch(() => 0).then(() => this.pass());
    this.running = pass;
    return pass;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.runOnce().catch((error) =>
        this.logger.error({ err: error }, 'scheduled publishing failed'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<number> {
    let published = 0;
    for (const id of await this.store.dueForPublication(this.now())) {
      if (await this.desk.publishIfDue(id)) {
        published++;
        this.logger.info({ articleId: id }, 'scheduled article published');
      }
    }
    return published;
  }
}
