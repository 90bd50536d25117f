import type { NewsFeedApi } from '@shuangchuang/contracts';
import type { Idempotency } from '@shuangchuang/service-kit';
import type { ClientSession } from 'mongoose';
import type { Article, ArticleStatus } from '../domain/article.js';
import type { ArticleChange } from '../domain/editorial-workflow.js';
import type { PublishedFeed } from '../search/published-feed.js';

/** What the public feed lists of an article: the API's summary, built once per version. */
export type FeedItem = NewsFeedApi.components['schemas']['ArticleSummary'];

/** Everything news-feed's workflows need, assembled once in service.ts (and in tests). */
export interface NewsFeedContext {
  articles: ArticleStore;
  carriers: MentionableCarriers;
  /** the public feed and its search, answered from memory */
  publishedFeed: PublishedFeed<FeedItem>;
  /** the kit's one Idempotency-Key mechanism */
  idempotency: Pick<Idempotency, 'idempotently'>;
  now: () => Date;
}

export interface EditorialListRequest {
  status?: ArticleStatus;
  cursor?: string;
  limit: number;
}

export interface ArticlePage {
  items: Article[];
  nextCursor: string | null;
}

export interface ProbableDuplicate {
  id: string;
  title: string;
  similarity: number;
}

/**
 * Storage the workflows need; data-access implements it with mongoose. A change saves the
 * article, its revision and its events together, or nothing.
 */
export interface ArticleStore {
  /** true when not a single article is stored, in any status */
  isEmpty(): Promise<boolean>;
  findById(id: string): Promise<Article | undefined>;
  /** the article if it is published (drafts, scheduled and retracted ones are not public) */
  findPublished(id: string): Promise<Article | undefined>;
  /** every article in any status, latest change first */
  listEditorial(request: EditorialListRequest): Promise<ArticlePage>;
  /** scheduled articles whose time has come, oldest first */
  findDue(now: Date, limit: number): Promise<Article[]>;
  /** articles whose text is probably the same as this fingerprint's, most alike first */
  probableDuplicates(fingerprint: string): Promise<ProbableDuplicate[]>;
  /** a new article, in the transaction that records its Idempotency-Key */
  insert(article: Article, session: ClientSession): Promise<void>;
  /** a step's article over the version it was made from (else StaleVersionError), with its events */
  update(change: ArticleChange, previous: Article): Promise<void>;
}

/** The registry's carriers that articles may mention (news-feed's read model of them). */
export interface MentionableCarriers {
  /** active carriers with the keys mentions are matched by */
  mentionable(): Promise<{ id: string; name: string; keys: string[] }[]>;
}
