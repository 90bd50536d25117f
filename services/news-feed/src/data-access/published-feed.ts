import { analyzeQuery, scorePreparedMatch, type AnalyzedQuery } from '@shuangchuang/chinese-text';
import { AnswerCache, deepFreeze } from '@shuangchuang/service-kit';
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
  /** The first page of the feed and popular searches are asked again and again. */
  private readonly answers: AnswerCache<FeedPage>;

  constructor(
    private readonly index: PublishedArticleIndex,
    cachedAnswers = 500,
  ) {
    this.answers = new AnswerCache(cachedAnswers);
  }

  list(request: FeedRequest): FeedPage {
    const key = JSON.stringify([
      request.q,
      request.kind,
      request.region,
      request.tag,
      request.carrierId,
      request.cursor,
      request.limit,
    ]);
    return this.answers.answer(this.index.generation, key, () => this.compute(request));
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
