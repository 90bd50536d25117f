import { analyzeQuery, scorePreparedMatch, type AnalyzedQuery } from '@shuangchuang/chinese-text';
import { AnswerCache } from '@shuangchuang/service-kit';
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

/** A page of the feed or of a search: what the feed shows of each article. */
export interface FeedPage<Item> {
  items: Readonly<Item>[];
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

/** The request's exact filters. */
function filterOf({ kind, region, tag, carrierId }: FeedRequest): ArticleFilter {
  return { kind, region, tag, carrierId };
}

interface Ranked<Item = unknown> {
  article: IndexedArticle<Item>;
  score: number;
}

/** Relevance order: higher score first, then newer, then the greater id (a total order). */
function isAfter(ranked: Ranked, cursor: RelevanceCursor): boolean {
  const { score, article } = ranked;
  if (score !== cursor.s) return score < cursor.s;
  if (article.publishedAtMs !== cursor.t) return article.publishedAtMs < cursor.t;
  return article.id < cursor.id;
}

/**
 * The public feed (newest first, filtered) and its Chinese search (by relevance), answered from
 * the in-memory index of published articles.
 */
export class PublishedFeed<Item> {
  /** The first page of the feed and popular searches are asked again and again. */
  private readonly answers: AnswerCache<FeedPage<Item>>;
  /** A search's ranked candidates: its next pages (and other page sizes) are slices of them. */
  private readonly rankings: AnswerCache<readonly Ranked<Item>[]>;

  constructor(
    private readonly index: PublishedArticleIndex<Item>,
    cachedAnswers = 500,
    cachedRankings = 200,
  ) {
    this.answers = new AnswerCache(cachedAnswers);
    // they hold the index's articles, which must stay unfrozen
    this.rankings = new AnswerCache(cachedRankings, { freezeRepeated: false });
  }

  list(request: FeedRequest): FeedPage<Item> {
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

  private compute(request: FeedRequest): FeedPage<Item> {
    if (request.q !== undefined) return this.search(request.q, request);
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

  private search(q: string, request: FeedRequest): FeedPage<Item> {
    const cursor = decodeSearchCursor(request.cursor, SEARCH_CANDIDATES);
    const { kind, region, tag, carrierId } = request;
    const ranked = this.rankings.answer(
      this.index.generation,
      JSON.stringify([q, kind, region, tag, carrierId]),
      () => this.rank(analyzed(q), filterOf(request)),
    );
    let start = 0;
    if (cursor && 'o' in cursor) start = cursor.o;
    else if (cursor) {
      // the first ranked after the cursor (relevance order is total)
      let high = ranked.length;
      while (start < high) {
        const middle = (start + high) >>> 1;
        if (isAfter(ranked[middle]!, cursor)) high = middle;
        else start = middle + 1;
      }
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

  /** The newest matches, best first; nothing when q has nothing searchable (punctuation, stopwords). */
  private rank(query: AnalyzedQuery, filter: ArticleFilter): readonly Ranked<Item>[] {
    if (query.groups.length === 0) return [];
    return (
      this.index
        .newestMatching(query.groups, filter, SEARCH_CANDIDATES)
        .map((article) => ({ article, score: scorePreparedMatch(query, scoredFieldsOf(article)) }))
        // stable: equal scores stay newest first; body-only matches score 0 on title and summary
        // but were found by their keywords
        .sort((a, b) => b.score - a.score)
    );
  }
}
