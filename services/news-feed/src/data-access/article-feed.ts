import type { Article, ArticleStatus } from '../domain/article.js';
import { articleOf } from './article-store.js';
import { decodeTimeCursor, encodeTimeCursor } from './feed-cursor.js';
import type { ArticleDocument, NewsModels } from './news-models.js';

export interface Page {
  items: Article[];
  nextCursor: string | null;
}

// The list views need neither the body nor the keys.
const LIST_PROJECTION = { 'content.bodyHtml': 0, searchKeys: 0, revisions: 0 } as const;

/**
 * Reads of the database itself: a published article whole, and the editorial desk's list. The
 * public feed and search are answered from memory (PublishedFeed).
 */
export class ArticleFeed {
  constructor(private readonly models: NewsModels) {}

  /** A published article, or undefined (drafts, scheduled and retracted ones are not public). */
  async published(id: string): Promise<Article | undefined> {
    const doc = await this.models.articles
      .findOne({ _id: id, status: 'published' }, { searchKeys: 0 })
      .lean<ArticleDocument>();
    return doc ? articleOf(doc) : undefined;
  }

  /** Every article in any status for the editorial desk, latest change first. */
  async editorial(request: {
    status?: ArticleStatus;
    cursor?: string;
    limit: number;
  }): Promise<Page> {
    const filter: Record<string, unknown> = {};
    if (request.status) filter.status = request.status;
    const cursor = decodeTimeCursor(request.cursor);
    if (cursor) {
      const at = new Date(cursor.t);
      filter.$or = [{ updatedAt: { $lt: at } }, { updatedAt: at, _id: { $lt: cursor.id } }];
    }
    const docs = await this.models.articles
      .find(filter, LIST_PROJECTION)
      .sort({ updatedAt: -1, _id: -1 })
      .limit(request.limit + 1)
      .lean<ArticleDocument[]>();
    const items = docs.slice(0, request.limit).map(articleOf);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        docs.length > request.limit && last
          ? encodeTimeCursor({ t: last.updatedAt.getTime(), id: last.id })
          : null,
    };
  }
}
