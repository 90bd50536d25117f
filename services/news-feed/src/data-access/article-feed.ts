import {
  analyzeQuery,
  scoreMatch,
  searchKeyFilter,
  type AnalyzedQuery,
} from '@shuangchuang/chinese-text';
import type { Article, ArticleKind, ArticleStatus } from '../domain/article.js';
import { articleOf } from './article-store.js';
import type { ArticleDocument, NewsModels } from './news-models.js';

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this service gave out');
    this.name = 'InvalidCursorError';
  }
}

export interface FeedRequest {
  q?: string;
  kind?: ArticleKind;
  region?: string;
  tag?: string;
  carrierId?: string;
  cursor?: string;
  limit: number;
}

export interface Page {
  items: Article[];
  nextCursor: string | null;
}

// Relevance is ranked over this many candidates at most; the feed itself pages by keyset.
const SEARCH_CANDIDATES = 500;
// The list views need neither the body nor the keys.
const LIST_PROJECTION = { 'content.bodyHtml': 0, searchKeys: 0, revisions: 0 } as const;
// Ranking reads only title and summary: candidates carry nothing else (the page is fetched whole).
const SCORE_PROJECTION = { 'content.title': 1, 'content.summary': 1 } as const;
// Analysing a query (segmentation, pinyin) is pure and popular queries repeat: keep the latest.
const ANALYZED_QUERIES = 1_000;
const analyzedQueries = new Map<string, AnalyzedQuery>();

function analyzed(q: string): AnalyzedQuery {
  let query = analyzedQueries.get(q);
  if (query) {
    analyzedQueries.delete(q); // re-inserted as the most recent
  } else {
    query = analyzeQuery(q);
    if (analyzedQueries.size >= ANALYZED_QUERIES)
      analyzedQueries.delete(analyzedQueries.keys().next().value!);
  }
  analyzedQueries.set(q, query);
  return query;
}

type FeedCursor = { t: number; id: string } | { o: number };

function encodeCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string | undefined): FeedCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed?.t === 'number' && typeof parsed?.id === 'string') return parsed;
    if (Number.isInteger(parsed?.o) && parsed.o >= 0 && parsed.o < SEARCH_CANDIDATES) return parsed;
  } catch {
    // falls through to the error
  }
  throw new InvalidCursorError();
}

/**
 * searchKeyFilter's `$all` of one-key groups written as the equivalent `$and` of equalities
 * (MongoDB documents the two as the same): the embedded server matches equalities on an array with
 * its compiled fast path, `$all` through mingo's generic comparison of every element.
 */
function keyFilter(query: AnalyzedQuery): Record<string, unknown> | undefined {
  const filter = searchKeyFilter('searchKeys', query);
  if (!filter) return undefined;
  const clauses = (filter.$and as Record<string, unknown>[] | undefined) ?? [filter];
  const rewritten = clauses.flatMap((clause) => {
    const all = (clause.searchKeys as { $all?: string[] } | undefined)?.$all;
    return all ? all.map((key) => ({ searchKeys: key })) : [clause];
  });
  return rewritten.length === 1 ? rewritten[0] : { $and: rewritten };
}

/** Published articles: the public feed (newest first) and Chinese full-text search. */
export class ArticleFeed {
  constructor(private readonly models: NewsModels) {}

  async list(request: FeedRequest): Promise<Page> {
    const filter: Record<string, unknown> = { status: 'published' };
    if (request.kind) filter['content.kind'] = request.kind;
    if (request.region) filter['content.region'] = request.region;
    if (request.tag) filter['content.tags'] = request.tag;
    if (request.carrierId) filter.mentionedCarrierIds = request.carrierId;
    const query = request.q === undefined ? undefined : analyzed(request.q);
    if (query) {
      const keys = keyFilter(query);
      // nothing searchable in q (punctuation, stopwords): nothing found
      if (!keys) return { items: [], nextCursor: null };
      return this.search({ ...filter, ...keys }, query, request);
    }
    const cursor = decodeCursor(request.cursor);
    if (cursor && !('t' in cursor)) throw new InvalidCursorError();
    if (cursor) {
      const at = new Date(cursor.t);
      filter.$or = [{ publishedAt: { $lt: at } }, { publishedAt: at, _id: { $lt: cursor.id } }];
    }
    const docs = await this.models.articles
      .find(filter, LIST_PROJECTION)
      .sort({ publishedAt: -1, _id: -1 })
      .limit(request.limit + 1)
      .lean<ArticleDocument[]>();
    const items = docs.slice(0, request.limit).map(articleOf);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        docs.length > request.limit && last
          ? encodeCursor({ t: last.publishedAt!.getTime(), id: last.id })
          : null,
    };
  }

  private async search(
    filter: Record<string, unknown>,
    query: AnalyzedQuery,
    request: FeedRequest,
  ): Promise<Page> {
    const cursor = decodeCursor(request.cursor);
    if (cursor && !('o' in cursor)) throw new InvalidCursorError();
    const offset = cursor?.o ?? 0;
    const candidates = await this.models.articles
      .find(filter, SCORE_PROJECTION)
      .sort({ publishedAt: -1, _id: -1 })
      .limit(SEARCH_CANDIDATES)
      .lean<Pick<ArticleDocument, '_id' | 'content'>[]>();
    const ranked = candidates
      .map((doc) => ({
        id: doc._id,
        score: scoreMatch(query, [
          { text: doc.content.title, weight: 3 },
          ...(doc.content.summary ? [{ text: doc.content.summary, weight: 1 }] : []),
        ]),
      }))
      // stable: equal scores stay newest first; body-only matches score 0 on title and summary
      // but were found by their keywords
      .sort((a, b) => b.score - a.score);
    const ids = ranked.slice(offset, offset + request.limit).map(({ id }) => id);
    const docs =
      ids.length === 0
        ? []
        : await this.models.articles
            .find({ _id: { $in: ids }, status: 'published' }, LIST_PROJECTION)
            .lean<ArticleDocument[]>();
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    // an article retracted between the two reads is left out
    const page = ids.flatMap((id) => {
      const doc = byId.get(id);
      return doc ? [articleOf(doc)] : [];
    });
    const next = offset + request.limit;
    return {
      items: page,
      nextCursor: next < ranked.length ? encodeCursor({ o: next }) : null,
    };
  }

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
    const cursor = decodeCursor(request.cursor);
    if (cursor && !('t' in cursor)) throw new InvalidCursorError();
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
          ? encodeCursor({ t: last.updatedAt.getTime(), id: last.id })
          : null,
    };
  }
}
