import { analyzeQuery, scorePreparedMatch, type AnalyzedQuery } from '@shuangchuang/chinese-text';
import { deepFreeze } from '@shuangchuang/service-kit';
import type { ArticleKind } from '../domain/article.js';
import {
  decodeSearchCursor,
  decodeTimeCursor,
  encodeRelevanceCursor,
  encodeTimeCursor,
  type RelevanceCursor,
} from './feed-cursor.js';
import {
  scoredFieldsOf,
  type ArticleFilter,
  type FeedItem,
  type IndexedArticle,
  type PublishedArticleIndex,
} from './published-article-index.js';

export interface FeedRequest {
  q?: string;
  kind?: ArticleKind;
  region?: string;
  tag?: string;
  carrierId?: string;
  cursor?: string;
  limit: number;
}

/** The body of GET /articles. */
export interface FeedPage {
  items: readonly FeedItem[];
  nextCursor: string | null;
}

// Relevance is ranked over the newest this many matches at most; the feed itself pages by keyset.
const SEARCH_CANDIDATES = 500;
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

/** The request's filters as one test; exact values, as the stored fields are compared. */
function filterOf(request: FeedRequest): ArticleFilter {
  const { kind, region, tag, carrierId } = request;
  if (kind === undefined && region === undefined && tag === undefined && carrierId === undefined)
    return () => true;
  return (article) =>
    (kind === undefined || article.kind === kind) &&
    (region === undefined || article.region === region) &&
    (tag === undefined || article.tags.includes(tag)) &&
    (carrierId === undefined || article.carrierIds.includes(carrierId));
}

interface Ranked {
  article: IndexedArticle;
  score: number;
}

/** Relevance order: higher score first, then newer, then the greater id (a total order). */
function isAfter(ranked: Ranked, cursor: RelevanceCursor): boolean {
  const { score, article } = ranked;
  if (score !== cursor.s) return score < cursor.s;
  if (article.publishedAtMs !== cursor.t) return article.publishedAtMs < cursor.t;
  return article.id < cursor.id;
}

const EMPTY_PAGE: FeedPage = deepFreeze({ items: [], nextCursor: null });

/**
 * The public feed (newest first, filtered) and its Chinese search (by relevance), answered from
 * the in-memory index of published articles.
 */
export class PublishedFeed {
  /**
   * Pages already computed, by request, while the index has not changed since (its generation):
   * the first page of the feed and popular searches are asked again and again. Bounded, least
   * recently used first out; any change to the index makes every entry stale. A page asked for
   * again is deep-frozen, so the HTTP layer validates and serializes it once more and then resends
   * that text; pages asked once skip the freezing.
   */
  private readonly answers = new Map<string, FeedPage>();
  private answersGeneration = -1;

  constructor(
    private readonly index: PublishedArticleIndex,
    private readonly cachedAnswers = 500,
  ) {}

  list(request: FeedRequest): FeedPage {
    if (this.cachedAnswers <= 0) return this.compute(request);
    if (this.answersGeneration !== this.index.generation) {
      this.answers.clear();
      this.answersGeneration = this.index.generation;
    }
    const key = JSON.stringify([
      request.q,
      request.kind,
      request.region,
      request.tag,
      request.carrierId,
      request.cursor,
      request.limit,
    ]);
    const known = this.answers.get(key);
    if (known) {
      this.answers.delete(key);
      this.answers.set(key, known);
      return deepFreeze(known);
    }
    const page = this.compute(request);
    this.answers.set(key, page);
    if (this.answers.size > this.cachedAnswers)
      this.answers.delete(this.answers.keys().next().value!);
    return page;
  }

  private compute(request: FeedRequest): FeedPage {
    if (request.q !== undefined) return this.search(analyzed(request.q), request);
    const after = decodeTimeCursor(request.cursor);
    const found = this.index.newest(after, filterOf(request), request.limit + 1);
    const page = found.slice(0, request.limit);
    const last = page.at(-1);
    return {
      items: page.map((article) => article.item),
      nextCursor:
        found.length > request.limit && last
          ? encodeTimeCursor({ t: last.publishedAtMs, id: last.id })
          : null,
    };
  }

  private search(query: AnalyzedQuery, request: FeedRequest): FeedPage {
    const cursor = decodeSearchCursor(request.cursor, SEARCH_CANDIDATES);
    // nothing searchable in q (punctuation, stopwords): nothing found
    if (query.groups.length === 0) return EMPTY_PAGE;
    const ranked = this.index
      .newestMatching(query.groups, filterOf(request), SEARCH_CANDIDATES)
      .map((article) => ({ article, score: scorePreparedMatch(query, scoredFieldsOf(article)) }))
      // stable: equal scores stay newest first; body-only matches score 0 on title and summary
      // but were found by their keywords
      .sort((a, b) => b.score - a.score);
    let start = 0;
    if (cursor && 'o' in cursor) start = cursor.o;
    else if (cursor) {
      while (start < ranked.length && !isAfter(ranked[start]!, cursor)) start++;
    }
    const page = ranked.slice(start, start + request.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ article }) => article.item),
      nextCursor:
        start + request.limit < ranked.length && last
          ? encodeRelevanceCursor({
              s: last.score,
              t: last.article.publishedAtMs,
              id: last.article.id,
            })
          : null,
    };
  }
}
