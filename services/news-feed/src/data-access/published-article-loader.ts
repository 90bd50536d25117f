import { pollEvery, type Poller } from '@shuangchuang/service-kit';
import type { Model } from 'mongoose';
import type { Article } from '../domain/article.js';
import type { IndexableArticle, PublishedArticleIndex } from '../search/published-article-index.js';
import { articleOf } from './article-store.js';
import type { ArticleDocument } from './models.js';

/** What the index is given of a stored article: the summary's fields and the search keys. */
const PROJECTION = {
  version: 1,
  status: 1,
  'content.kind': 1,
  'content.title': 1,
  'content.summary': 1,
  'content.coverImageUrl': 1,
  'content.source': 1,
  'content.region': 1,
  'content.tags': 1,
  mentionedCarriers: 1,
  publishedAt: 1,
  updatedAt: 1,
  searchKeys: 1,
} as const;

/** Writes of other instances become visible within a poll; a commit can lag its updatedAt by this. */
const COMMIT_LAG_MARGIN_MS = 10_000;

/** A write of this instance, just committed (ArticleStore.onCommitted). */
export interface CommittedArticle {
  article: Article;
  /** when the write computed them (a content change); else they are read from the database */
  searchKeys?: string[];
}

const indexable = (document: ArticleDocument): IndexableArticle => ({
  article: articleOf(document),
  searchKeys: document.searchKeys,
});

/**
 * Keeps the in-memory index of published articles fed from MongoDB, the source of truth: loaded
 * at start-up, given this instance's commits at once (read-your-writes), and polling `updatedAt`
 * for what other instances changed.
 */
export class PublishedArticleLoader {
  private newestUpdateMs = 0;
  private poller: Poller | undefined;

  constructor(
    private readonly articles: Model<ArticleDocument>,
    readonly index: PublishedArticleIndex<unknown>,
    /** a commit or a poll that could not be applied: the next poll brings it in */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Every published article, into the index in one pass (before the service listens). */
  async load(): Promise<void> {
    await this.index.load(this.published());
  }

  /**
   * Polls for changes made by other instances. A failed poll (the database away for a moment) is
   * reported and the next one tries again: the feed keeps answering from memory meanwhile.
   */
  startPolling(intervalMs: number): void {
    this.poller = pollEvery(intervalMs, () => this.refresh(), this.onError);
  }

  async stop(): Promise<void> {
    await this.poller?.stop();
  }

  /** Applies what changed since the newest change held (less a margin for slow commits). */
  async refresh(): Promise<void> {
    const since = new Date(this.newestUpdateMs - COMMIT_LAG_MARGIN_MS);
    // first only versions: the keys are read for the articles that need them
    const changed = await this.articles
      .find({ updatedAt: { $gte: since } }, { version: 1, status: 1, updatedAt: 1 })
      .lean<Pick<ArticleDocument, '_id' | 'version' | 'status' | 'updatedAt'>[]>();
    const toRead: string[] = [];
    for (const { _id, version, status } of changed) {
      if (this.index.isKnown(_id, version)) continue;
      if (status === 'published') toRead.push(_id);
      else this.index.remove(_id, version);
    }
    if (toRead.length > 0) {
      const documents = await this.articles
        .find({ _id: { $in: toRead }, status: 'published' }, PROJECTION)
        .lean<ArticleDocument[]>();
      for (const document of documents) {
        const { article, searchKeys } = indexable(document);
        this.index.put(article, searchKeys);
      }
    }
    // a change not applied (retracted between the two reads) keeps the window where it was
    for (const { _id, version, updatedAt } of changed)
      if (this.index.isKnown(_id, version)) this.noteUpdate(updatedAt);
  }

  /** This instance's write, just committed: visible to the next read. Never throws. */
  async committed({ article, searchKeys }: CommittedArticle): Promise<void> {
    try {
      if (article.status !== 'published') this.index.remove(article.id, article.version);
      // the index freezes what it keeps: a copy, not the caller's article
      else if (searchKeys) this.index.put(structuredClone(article), searchKeys);
      else await this.reread(article.id);
      if (this.index.isKnown(article.id, article.version)) this.noteUpdate(article.updatedAt);
    } catch (error) {
      // the poll brings it in
      this.onError(error);
    }
  }

  private async *published(): AsyncGenerator<IndexableArticle> {
    const cursor = this.articles
      .find({ status: 'published' }, PROJECTION)
      .lean<ArticleDocument>()
      .cursor();
    for await (const document of cursor) {
      this.noteUpdate(document.updatedAt);
      yield indexable(document);
    }
  }

  private async reread(id: string): Promise<void> {
    const document = await this.articles
      .findOne({ _id: id, status: 'published' }, PROJECTION)
      .lean<ArticleDocument>();
    if (!document) return;
    const { article, searchKeys } = indexable(document);
    this.index.put(article, searchKeys);
  }

  private noteUpdate(updatedAt: Date): void {
    this.newestUpdateMs = Math.max(this.newestUpdateMs, +updatedAt);
  }
}
