import { inTransaction } from '@shuangchuang/service-kit';
import type { ClientSession, Connection } from 'mongoose';
import { articleFingerprint } from '../domain/article-fingerprint.js';
import type { Article } from '../domain/article.js';
import {
  fingerprintBands,
  fingerprintSimilarity,
  PROBABLE_DUPLICATE_SIMILARITY,
} from '../domain/content-fingerprint.js';
import type { ArticleChange } from '../domain/editorial-workflow.js';
import { ArticleNotFoundError, StaleVersionError } from '../domain/errors.js';
import { articleSearchKeys } from '../search/article-search-keys.js';
import { decodeTimeCursor, encodeTimeCursor } from '../search/feed-cursor.js';
import type {
  ArticlePage,
  ArticleStore,
  EditorialListRequest,
  ProbableDuplicate,
} from '../workflows/news-feed-context.js';
import type { ArticleDocument, NewsFeedModels } from './models.js';

/** Writes the events of a change into the outbox inside its transaction. */
export type ChangeRecorder = (change: ArticleChange, session: ClientSession) => Promise<void>;

/** Told of each article write once its transaction has committed, before the write returns. */
export type CommitListener = (committed: {
  article: Article;
  /** the keys stored with it when this write computed them (its content changed) */
  searchKeys?: string[];
}) => Promise<void> | void;

// The list views need neither the body nor the keys.
const LIST_PROJECTION = { 'content.bodyHtml': 0, searchKeys: 0, revisions: 0 } as const;

export function articleOf(doc: ArticleDocument): Article {
  return {
    id: doc._id,
    version: doc.version,
    revision: doc.revision,
    status: doc.status,
    content: { ...doc.content, bodyHtml: doc.content.bodyHtml ?? '', tags: doc.content.tags ?? [] },
    mentionedCarriers: doc.mentionedCarriers ?? [],
    ...(doc.publishedAt && { publishedAt: doc.publishedAt }),
    ...(doc.scheduledAt && { scheduledAt: doc.scheduledAt }),
    ...(doc.retraction && { retraction: doc.retraction }),
    revisions: doc.revisions ?? [],
    ...(doc.importReport && { importReport: doc.importReport }),
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

function documentOf(article: Article, searchKeys: string[]): ArticleDocument {
  return {
    _id: article.id,
    version: article.version,
    revision: article.revision,
    status: article.status,
    content: article.content,
    mentionedCarriers: article.mentionedCarriers,
    mentionedCarrierIds: article.mentionedCarriers.map((c) => c.id),
    ...(article.publishedAt && { publishedAt: article.publishedAt }),
    ...(article.scheduledAt && { scheduledAt: article.scheduledAt }),
    ...(article.retraction && { retraction: article.retraction }),
    revisions: article.revisions,
    searchKeys,
    ...(article.importReport && { importReport: article.importReport }),
    createdBy: article.createdBy,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
  };
}

/** Articles and their revisions; every change one transaction with its events. */
export class MongoArticleStore implements ArticleStore {
  private readonly commitListeners: CommitListener[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly models: NewsFeedModels,
    private readonly recordChange: ChangeRecorder,
  ) {}

  /** Read models kept in memory (the published feed) see this instance's writes at once. */
  onCommitted(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }

  async isEmpty(): Promise<boolean> {
    return (await this.models.articles.estimatedDocumentCount()) === 0;
  }

  async findById(id: string): Promise<Article | undefined> {
    const doc = await this.models.articles.findById(id, { searchKeys: 0 }).lean<ArticleDocument>();
    return doc ? articleOf(doc) : undefined;
  }

  async findPublished(id: string): Promise<Article | undefined> {
    const doc = await this.models.articles
      .findOne({ _id: id, status: 'published' }, { searchKeys: 0 })
      .lean<ArticleDocument>();
    return doc ? articleOf(doc) : undefined;
  }

  async listEditorial(request: EditorialListRequest): Promise<ArticlePage> {
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

  /** Scheduled articles whose time has come, oldest first, whole (one query for a pass). */
  async findDue(now: Date, limit: number): Promise<Article[]> {
    const due = await this.models.articles
      .find({ status: 'scheduled', scheduledAt: { $lte: now } }, { searchKeys: 0 })
      .sort({ scheduledAt: 1 })
      .limit(limit)
      .lean<ArticleDocument[]>();
    return due.map(articleOf);
  }

  /**
   * Articles (not retracted) whose text is probably the same as this fingerprint's (estimated
   * similarity ≥ PROBABLE_DUPLICATE_SIMILARITY), most alike first: one query on the indexed
   * bands, the similarity checked on what it returns.
   */
  async probableDuplicates(fingerprint: string, limit = 5): Promise<ProbableDuplicate[]> {
    const candidates = await this.models.articles
      .find(
        { fingerprintBands: { $in: fingerprintBands(fingerprint) }, status: { $ne: 'retracted' } },
        { fingerprint: 1, 'content.title': 1 },
      )
      .sort({ updatedAt: -1 })
      .limit(200)
      .lean<Pick<ArticleDocument, '_id' | 'fingerprint' | 'content'>[]>();
    return candidates
      .map((doc) => ({
        id: doc._id,
        title: doc.content.title,
        similarity: fingerprintSimilarity(fingerprint, doc.fingerprint!),
      }))
      .filter((candidate) => candidate.similarity >= PROBABLE_DUPLICATE_SIMILARITY)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, limit);
  }

  /**
   * Inserts a new article (a draft: nothing the published feed shows) with its first revision,
   * in the caller's transaction (the one that records its Idempotency-Key).
   */
  async insert(article: Article, session: ClientSession): Promise<void> {
    const searchKeys = articleSearchKeys(article.content);
    const doc = { ...documentOf(article, searchKeys), ...articleFingerprint(article.content) };
    await this.models.articles.create([doc], { session });
    await this.saveRevision(article, session);
  }

  /**
   * Stores a step's article over `previous` (the version it was made from) with the step's
   * events, if the stored article is still at that version; else StaleVersionError.
   */
  async update(change: ArticleChange, previous: Article): Promise<void> {
    const { article } = change;
    const contentChanged = previous.revision !== article.revision;
    const searchKeys = contentChanged ? articleSearchKeys(article.content) : undefined;
    const fingerprint = contentChanged ? articleFingerprint(article.content) : undefined;
    const { _id, searchKeys: keys, ...fields } = documentOf(article, searchKeys ?? []);
    const unset: Record<string, 1> = {};
    for (const optional of ['publishedAt', 'scheduledAt', 'retraction', 'importReport'] as const)
      if (!(optional in fields)) unset[optional] = 1;
    if (contentChanged && !fingerprint)
      Object.assign(unset, { fingerprint: 1, fingerprintBands: 1 });
    await inTransaction(this.connection, async (session) => {
      const result = await this.models.articles.updateOne(
        { _id, version: previous.version },
        {
          $set: { ...fields, ...(searchKeys && { searchKeys: keys }), ...fingerprint },
          ...(Object.keys(unset).length > 0 && { $unset: unset }),
        },
        { session },
      );
      if (result.matchedCount === 0) {
        const current = await this.models.articles
          .findById(_id, { version: 1 })
          .session(session)
          .lean();
        if (!current) throw new ArticleNotFoundError(_id);
        throw new StaleVersionError(current.version);
      }
      if (contentChanged) await this.saveRevision(article, session);
      await this.recordChange(change, session);
    });
    for (const listener of this.commitListeners)
      await listener({ article, ...(searchKeys && { searchKeys }) });
  }

  private async saveRevision(article: Article, session: ClientSession): Promise<void> {
    const latest = article.revisions.at(-1)!;
    await this.models.revisions.create(
      [
        {
          _id: `${article.id}:${article.revision}`,
          articleId: article.id,
          revision: article.revision,
          content: article.content,
          by: latest.by,
          at: latest.at,
        },
      ],
      { session },
    );
  }
}
