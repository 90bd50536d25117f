import { randomBytes } from 'node:crypto';
import { requestFingerprint } from '@shuangchuang/service-kit';
import type { CarrierReadModel } from '../data-access/carrier-read-model.js';
import type { ArticleStore } from '../data-access/article-store.js';
import { prepareContent, type ArticleContentInput } from '../domain/article-content.js';
import type { Article, ArticleContent } from '../domain/article.js';
import { carrierLikeNames, findMentions, mentionTextOf } from '../domain/carrier-mentions.js';
import type { ImportReport, ImportWarning } from '../domain/import-report.js';
import { articleFingerprint } from '../data-access/article-fingerprint.js';
import {
  approve,
  edit,
  newDraft,
  publishIfDue,
  requestChanges,
  retract,
  submitForReview,
  type Editor,
  type WorkflowOutcome,
} from '../domain/editorial-workflow.js';
import { IdempotencyKeyReusedError, StaleVersionError } from '../domain/errors.js';
import { textOfHtml } from '../domain/html-sanitiser.js';
import { articlePublished } from '../events/outgoing/article-published.js';
import { articleRetracted } from '../events/outgoing/article-retracted.js';
import type { NewsEvent } from '../events/outgoing/news-event-types.js';
import { readImportedDocument, type ImportRequest } from '../import/document-import.js';

/** A concurrent change won the race for a workflow step (a 409 at the API). */
export class ConcurrentChangeError extends Error {
  constructor() {
    super('the article changed meanwhile; reload it and try again');
    this.name = 'ConcurrentChangeError';
  }
}

export interface EditorialDeskDeps {
  store: ArticleStore<NewsEvent>;
  carriers: CarrierReadModel;
  /** the clock: tests control it */
  now: () => Date;
}

/** 24 hex characters, like the ids the registry gives out. */
function newArticleId(): string {
  return randomBytes(12).toString('hex');
}

/** The editorial use cases: each loads an article, applies a domain step, saves it with its events. */
export class EditorialDesk {
  constructor(private readonly deps: EditorialDeskDeps) {}

  /** A new draft; a retry with the same Idempotency-Key returns the first draft. */
  createDraft(
    input: ArticleContentInput,
    editor: Editor,
    idempotencyKey: string,
  ): Promise<{ article: Article; replayed: boolean }> {
    return this.createOnce('create', input, editor, idempotencyKey, async () => {
      const content = prepareContent(input);
      return { content, mentions: await this.mentionsIn(content) };
    });
  }

  /**
   * A draft from a document as staff paste it, cleaned, with its import report: what the
   * cleaning did, and warnings — the ones the document gives, carrier-like names when no carrier
   * is linked, probable duplicates of articles already here (by content fingerprint).
   */
  importDocument(
    request: ImportRequest,
    editor: Editor,
    idempotencyKey: string,
  ): Promise<{ article: Article; replayed: boolean }> {
    return this.createOnce('import', request, editor, idempotencyKey, async () => {
      const { content: input, report } = readImportedDocument(request);
      const content = prepareContent(input);
      const mentions = await this.mentionsIn(content);
      const warnings: ImportWarning[] = [...report.warnings];
      if (mentions.length === 0) {
        const names = carrierLikeNames(
          [content.title, content.summary, textOfHtml(content.bodyHtml)].join('\n'),
        );
        if (names.length > 0)
          warnings.push({
            code: 'carriers-not-found',
            message: `no registered carrier is mentioned, although the text names ${names.slice(0, 3).join('、')}${names.length > 3 ? '…' : ''}: check the names or the registry`,
            names: names.slice(0, 10),
          });
      }
      const fingerprint = articleFingerprint(content)?.fingerprint;
      for (const duplicate of fingerprint
        ? await this.deps.store.probableDuplicates(fingerprint)
        : [])
        warnings.push({
          code: 'probable-duplicate',
          message: `probably a copy of article ${duplicate.id} (${duplicate.title}): ${Math.round(duplicate.similarity * 100)}% alike`,
          articleId: duplicate.id,
          title: duplicate.title,
          similarity: duplicate.similarity,
        });
      const importReport: ImportReport = { ...report, warnings };
      return { content, mentions, importReport };
    });
  }

  async edit(
    id: string,
    input: ArticleContentInput,
    editor: Editor,
    ifMatchVersion: number | undefined,
  ): Promise<Article> {
    const article = await this.deps.store.get(id);
    if (ifMatchVersion !== undefined && ifMatchVersion !== article.version)
      throw new StaleVersionError(article.version);
    const content = prepareContent(input);
    const now = this.deps.now();
    const result = edit(article, content, editor, now, await this.mentionsIn(content));
    // If-Match given: a race is a 412 like a stale tag; otherwise a 409
    await this.save(
      result.article,
      article.version,
      this.eventsOf(result),
      ifMatchVersion !== undefined,
    );
    return result.article;
  }

  async submit(id: string): Promise<Article> {
    const article = await this.deps.store.get(id);
    const next = submitForReview(article, this.deps.now());
    await this.save(next, article.version, []);
    return next;
  }

  async requestChanges(id: string, comment: string, editor: Editor): Promise<Article> {
    const article = await this.deps.store.get(id);
    const next = requestChanges(article, comment, editor, this.deps.now());
    await this.save(next, article.version, []);
    return next;
  }

  async approve(
    id: string,
    publishAt: Date | undefined,
    editor: Editor,
    acknowledgeWarnings = false,
  ): Promise<Article> {
    const article = await this.deps.store.get(id);
    // carriers registered since the draft was written are linked at publication
    const withMentions = { ...article, mentionedCarriers: await this.mentionsIn(article.content) };
    const result = approve(withMentions, publishAt, editor, this.deps.now(), acknowledgeWarnings);
    await this.save(result.article, article.version, this.eventsOf(result));
    return result.article;
  }

  async retract(id: string, reason: string, editor: Editor): Promise<Article> {
    const article = await this.deps.store.get(id);
    const result = retract(article, reason, editor, this.deps.now());
    await this.save(result.article, article.version, this.eventsOf(result));
    return result.article;
  }

  /** The scheduler's step; false when the article is not (or no longer) due. */
  async publishIfDue(id: string): Promise<boolean> {
    const article = await this.deps.store.get(id);
    const now = this.deps.now();
    const due = publishIfDue(article, now);
    if (!due) return false;
    const next = { ...due, mentionedCarriers: await this.mentionsIn(due.content) };
    try {
      await this.save(next, article.version, [articlePublished(next, now)]);
    } catch (error) {
      if (error instanceof ConcurrentChangeError) return false; // retracted or published meanwhile
      throw error;
    }
    return true;
  }

  private async createOnce(
    operation: 'create' | 'import',
    request: unknown,
    editor: Editor,
    idempotencyKey: string,
    draftOf: () => Promise<{
      content: ArticleContent;
      mentions: Article['mentionedCarriers'];
      importReport?: ImportReport;
    }>,
  ): Promise<{ article: Article; replayed: boolean }> {
    const key = `${editor.userId}|${operation}|${idempotencyKey}`;
    const fingerprint = requestFingerprint(request);
    const replay = async () => {
      const existing = await this.deps.store.findByIdempotencyKey(key);
      if (!existing) return undefined;
      if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      return { article: existing.article, replayed: true };
    };
    const earlier = await replay();
    if (earlier) return earlier;
    const draft = await draftOf();
    const article = newDraft(
      newArticleId(),
      draft.content,
      editor,
      this.deps.now(),
      draft.mentions,
      draft.importReport,
    );
    try {
      await this.deps.store.create(article, [], { key, fingerprint });
    } catch (error) {
      // a concurrent retry with the same key committed first
      const winner = await replay();
      if (winner) return winner;
      throw error;
    }
    return { article, replayed: false };
  }

  private eventsOf(result: { article: Article; outcome: WorkflowOutcome }): NewsEvent[] {
    const { article, outcome } = result;
    if (outcome.kind === 'published') return [articlePublished(article, article.updatedAt)];
    if (outcome.kind === 'retracted' && outcome.wasPublished) return [articleRetracted(article)];
    return [];
  }

  private async save(
    article: Article,
    expectedVersion: number,
    events: NewsEvent[],
    staleIsPrecondition = false,
  ): Promise<void> {
    try {
      await this.deps.store.update(article, expectedVersion, events);
    } catch (error) {
      if (error instanceof StaleVersionError && !staleIsPrecondition)
        throw new ConcurrentChangeError();
      throw error;
    }
  }

  private async mentionsIn(content: ArticleContent): Promise<Article['mentionedCarriers']> {
    const text = mentionTextOf([content.title, content.summary, textOfHtml(content.bodyHtml)]);
    return findMentions(text, await this.deps.carriers.mentionable());
  }
}
