import type { ClientSession, Connection } from 'mongoose';
import type { Article } from '../domain/article.js';
import {
  fingerprintBands,
  fingerprintSimilarity,
  PROBABLE_DUPLICATE_SIMILARITY,
} from '../domain/content-fingerprint.js';
import { ArticleNotFoundError, StaleVersionError } from '../domain/errors.js';
import { articleFingerprint } from './article-fingerprint.js';
import { articleSearchKeys } from './article-search-keys.js';
import { isDuplicateKey, type ArticleDocument, type NewsModels } from './news-models.js';

/** Writes the events of a change inside its transaction (the outbox). */
export type EventRecorder<Event> = (session: ClientSession, events: Event[]) => Promise<void>;

/** Told of each article write once its transaction has committed, before the write returns. */
export type CommitListener = (committed: {
  article: Article;
  /** the keys stored with it when this write computed them (its content changed) */
  searchKeys?: string[];
}) => Promise<void> | void;

export interface IdempotencyClaim {
  /** per user and operation */
  key: string;
  /** of the request body: the same key with another body is refused */
  fingerprint: string;
}

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

/** Articles, their revisions and idempotency keys; every write one transaction with its events. */
export class ArticleStore<Event> {
  private readonly commitListeners: CommitListener[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly models: NewsModels,
    private readonly recordEvents: EventRecorder<Event>,
  ) {}

  /** Read models kept in memory (the published feed) see this instance's writes at once. */
  onCommitted(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }

  async get(id: string): Promise<Article> {
    const doc = await this.models.articles.findById(id, { searchKeys: 0 }).lean<ArticleDocument>();
    if (!doc) throw new ArticleNotFoundError(id);
    return articleOf(doc);
  }

  /** The article an Idempotency-Key already created, with the fingerprint it was made with. */
  async findByIdempotencyKey(
    key: string,
  ): Promise<{ article: Article; fingerprint: string } | undefined> {
    const claim = await this.models.idempotencyKeys.findById(key).lean();
    if (!claim) return undefined;
    return { article: await this.get(claim.articleId), fingerprint: claim.fingerprint };
  }

  /**
   * Inserts a new article (with its first revision and the key that asked for it). A concurrent
   * request with the same key loses the race on the key's _id and gets a duplicate-key error.
   */
  async create(article: Article, events: Event[], idempotency?: IdempotencyClaim): Promise<void> {
    const searchKeys = articleSearchKeys(article.content);
    const doc = { ...documentOf(article, searchKeys), ...articleFingerprint(article.content) };
    await this.transaction(async (session) => {
      if (idempotency) {
        await this.models.idempotencyKeys.create(
          [
            {
              _id: idempotency.key,
              fingerprint: idempotency.fingerprint,
              articleId: article.id,
              createdAt: article.createdAt,
            },
          ],
          { session },
        );
      }
      await this.models.articles.create([doc], { session });
      await this.saveRevision(article, session);
      if (events.length > 0) await this.recordEvents(session, events);
    });
    await this.committed(article, searchKeys);
  }

  /** Replaces the article if it is still at `expectedVersion`; else StaleVersionError. */
  async update(article: Article, expectedVersion: number, events: Event[]): Promise<void> {
    const previous = await this.models.articles
      .findById(article.id, { revision: 1, version: 1 })
      .lean();
    if (!previous) throw new ArticleNotFoundError(article.id);
    const contentChanged = previous.revision !== article.revision;
    const searchKeys = contentChanged ? articleSearchKeys(article.content) : undefined;
    const fingerprint = contentChanged ? articleFingerprint(article.content) : undefined;
    await this.transaction(async (session) => {
      const { _id, searchKeys: keys, ...fields } = documentOf(article, searchKeys ?? []);
      const unset: Record<string, 1> = {};
      for (const optional of ['publishedAt', 'scheduledAt', 'retraction', 'importReport'] as const)
        if (!(optional in fields)) unset[optional] = 1;
      if (contentChanged && !fingerprint)
        Object.assign(unset, { fingerprint: 1, fingerprintBands: 1 });
      const result = await this.models.articles.updateOne(
        { _id, version: expectedVersion },
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
      if (events.length > 0) await this.recordEvents(session, events);
    });
    await this.committed(article, searchKeys);
  }

  /**
   * Articles (not retracted) whose text is probably the same as this fingerprint's (estimated
   * similarity ≥ PROBABLE_DUPLICATE_SIMILARITY), most alike first: one query on the indexed
   * bands, the similarity checked on what it returns.
   */
  async probableDuplicates(
    fingerprint: string,
    limit = 5,
  ): Promise<{ id: string; title: string; similarity: number }[]> {
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

  /** Scheduled articles whose time has come, oldest first. */
  async dueForPublication(now: Date, limit = 100): Promise<string[]> {
    const due = await this.models.articles
      .find({ status: 'scheduled', scheduledAt: { $lte: now } }, { _id: 1 })
      .sort({ scheduledAt: 1 })
      .limit(limit)
      .lean();
    return due.map((doc) => doc._id);
  }

  private async committed(article: Article, searchKeys: string[] | undefined): Promise<void> {
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

  private async transaction(work: (session: ClientSession) => Promise<void>): Promise<void> {
    const session = await this.connection.startSession();
    try {
      await session.withTransaction(() => work(session));
    } finally {
      await session.endSession();
    }
  }
}

export { isDuplicateKey };
