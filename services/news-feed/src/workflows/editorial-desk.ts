// The editorial use cases: each loads an article, applies a step of the editorial workflow and
// stores the new article with its events (one transaction, conditional on the version it read).
import { randomBytes } from 'node:crypto';
import { requestFingerprint } from '@shuangchuang/service-kit';
import { prepareContent, type ArticleContentInput } from '../domain/article-content.js';
import type { Article, ArticleContent } from '../domain/article.js';
import { carriersMentionedIn } from '../domain/carrier-mentions.js';
import {
  approve,
  edit,
  newDraft,
  requestChanges,
  retract,
  submitForReview,
  type ArticleChange,
  type Editor,
} from '../domain/editorial-workflow.js';
import {
  ArticleNotFoundError,
  ConcurrentChangeError,
  StaleVersionError,
} from '../domain/errors.js';
import type { ImportReport } from '../domain/import-report.js';
import type { ArticlePage, EditorialListRequest, NewsFeedContext } from './news-feed-context.js';

/** What a new article is made of, before it gets an id and its first revision. */
export interface DraftParts {
  content: ArticleContent;
  mentions: Article['mentionedCarriers'];
  importReport?: ImportReport;
}

/** A new draft; a retry with the same Idempotency-Key gets the first draft. */
export function createDraft(
  context: NewsFeedContext,
  input: ArticleContentInput,
  editor: Editor,
  idempotencyKey: string | undefined,
): Promise<Article> {
  return createOnce(context, 'createDraft', input, editor, idempotencyKey, async () => {
    const content = prepareContent(input);
    return { content, mentions: await mentionsIn(context, content) };
  });
}

export async function getEditorialArticle(context: NewsFeedContext, id: string): Promise<Article> {
  return load(context, id);
}

/** Every article in any status, latest change first. */
export function listEditorialArticles(
  context: NewsFeedContext,
  request: EditorialListRequest,
): Promise<ArticlePage> {
  return context.articles.listEditorial(request);
}

/** A new revision of the content, based on the version the editor saw (If-Match). */
export async function editArticle(
  context: NewsFeedContext,
  id: string,
  input: ArticleContentInput,
  editor: Editor,
  expectedVersion: number,
): Promise<Article> {
  const article = await load(context, id);
  if (expectedVersion !== article.version) throw new StaleVersionError(article.version);
  const content = prepareContent(input);
  const change = edit(article, content, editor, context.now(), await mentionsIn(context, content));
  // a race lost after the check is a 412 like a stale tag: the editor's version is gone
  await context.articles.update(change, article);
  return change.article;
}

export async function submitArticle(context: NewsFeedContext, id: string): Promise<Article> {
  const article = await load(context, id);
  const next = submitForReview(article, context.now());
  await save(context, { article: next, outcome: { kind: 'unchanged-visibility' } }, article);
  return next;
}

export async function requestArticleChanges(
  context: NewsFeedContext,
  id: string,
  comment: string,
  editor: Editor,
): Promise<Article> {
  const article = await load(context, id);
  const next = requestChanges(article, comment, editor, context.now());
  await save(context, { article: next, outcome: { kind: 'unchanged-visibility' } }, article);
  return next;
}

/** Publishes now or schedules; open import warnings need `acknowledgeWarnings`. */
export async function approveArticle(
  context: NewsFeedContext,
  id: string,
  publishAt: Date | undefined,
  editor: Editor,
  acknowledgeWarnings: boolean,
): Promise<Article> {
  const article = await load(context, id);
  // carriers registered since the draft was written are linked at publication
  const withMentions = {
    ...article,
    mentionedCarriers: await mentionsIn(context, article.content),
  };
  const change = approve(withMentions, publishAt, editor, context.now(), acknowledgeWarnings);
  await save(context, change, article);
  return change.article;
}

export async function retractArticle(
  context: NewsFeedContext,
  id: string,
  reason: string,
  editor: Editor,
): Promise<Article> {
  const article = await load(context, id);
  const change = retract(article, reason, editor, context.now());
  await save(context, change, article);
  return change.article;
}

/**
 * Creates an article once per Idempotency-Key (the kit's `idempotently`): the key is recorded
 * with the article's id in the transaction that inserts it; a retry gets that article as it is
 * now. The draft is prepared once, even when a conflict runs the transaction again.
 */
export async function createOnce(
  context: NewsFeedContext,
  operation: 'createDraft' | 'importDocument',
  request: unknown,
  editor: Editor,
  idempotencyKey: string | undefined,
  partsOf: () => Promise<DraftParts>,
): Promise<Article> {
  let prepared: Promise<Article> | undefined;
  const { answer, replayed } = await context.idempotency.idempotently(
    `${editor.userId}|${operation}`,
    idempotencyKey,
    requestFingerprint(request),
    async (session) => {
      prepared ??= partsOf().then((parts) =>
        newDraft(
          newArticleId(),
          parts.content,
          editor,
          context.now(),
          parts.mentions,
          parts.importReport,
        ),
      );
      const article = await prepared;
      await context.articles.insert(article, session);
      return { articleId: article.id };
    },
  );
  if (!replayed && prepared) return prepared;
  return load(context, answer.articleId);
}

/** The carriers of the read model that the content names. */
export async function mentionsIn(
  context: NewsFeedContext,
  content: ArticleContent,
): Promise<Article['mentionedCarriers']> {
  return carriersMentionedIn(content, await context.carriers.mentionable());
}

async function load(context: NewsFeedContext, id: string): Promise<Article> {
  const article = await context.articles.findById(id);
  if (!article) throw new ArticleNotFoundError(id);
  return article;
}

/** Stores a step; another change that won the race meanwhile makes it a 409. */
async function save(context: NewsFeedContext, change: ArticleChange, previous: Article) {
  try {
    await context.articles.update(change, previous);
  } catch (error) {
    if (error instanceof StaleVersionError) throw new ConcurrentChangeError();
    throw error;
  }
}

/** 24 hex characters, like the ids the registry gives out. */
function newArticleId(): string {
  return randomBytes(12).toString('hex');
}
