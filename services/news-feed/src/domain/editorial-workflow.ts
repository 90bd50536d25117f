import type { Article, ArticleContent, ArticleStatus } from './article.js';
import {
  ArticleRuleError,
  EditorialRoleError,
  IllegalTransitionError,
  UnacknowledgedWarningsError,
} from './errors.js';
import { openWarnings, type ImportReport } from './import-report.js';

// The editorial state machine:
//   draft ──submit──▶ in_review ──approve──▶ published | scheduled ──(due)──▶ published
//   in_review ──request changes──▶ draft;  published | scheduled ──retract──▶ retracted
// `editor` writes and submits; `chief-editor` also approves, schedules, retracts and may edit a
// published article (a new revision, republished at once).

export const EDITOR = 'editor';
export const CHIEF_EDITOR = 'chief-editor';
export const EDITORIAL_ROLES = [EDITOR, CHIEF_EDITOR] as const;

export interface Editor {
  userId: string;
  roles: readonly string[];
}

/** What a step changed, so the caller can emit events. */
export type WorkflowOutcome =
  | { kind: 'unchanged-visibility' }
  | { kind: 'published' }
  | { kind: 'retracted'; wasPublished: boolean };

/** A step's new article and what it changed: stored together with the events it makes. */
export interface ArticleChange {
  article: Article;
  outcome: WorkflowOutcome;
}

const isChief = (editor: Editor) => editor.roles.includes(CHIEF_EDITOR);

function requireStatus(article: Article, action: string, allowed: ArticleStatus[]): void {
  if (!allowed.includes(article.status)) throw new IllegalTransitionError(action, article.status);
}

function touched(article: Article, now: Date): Article {
  return { ...article, version: article.version + 1, updatedAt: now };
}

export function newDraft(
  id: string,
  content: ArticleContent,
  editor: Editor,
  now: Date,
  mentionedCarriers: Article['mentionedCarriers'],
  importReport?: ImportReport,
): Article {
  return {
    id,
    version: 1,
    revision: 1,
    status: 'draft',
    content,
    mentionedCarriers,
    revisions: [{ revision: 1, at: now, by: editor.userId, title: content.title }],
    ...(importReport && { importReport }),
    createdBy: editor.userId,
    createdAt: now,
    updatedAt: now,
  };
}

/** A new revision of the content: in draft, or (chief-editor only) while published. */
export function edit(
  article: Article,
  content: ArticleContent,
  editor: Editor,
  now: Date,
  mentionedCarriers: Article['mentionedCarriers'],
): { article: Article; outcome: WorkflowOutcome } {
  requireStatus(article, 'edit', ['draft', 'published']);
  if (article.status === 'published' && !isChief(editor))
    throw new EditorialRoleError('only a chief-editor edits a published article');
  const revision = article.revision + 1;
  const edited: Article = {
    ...touched(article, now),
    revision,
    content,
    mentionedCarriers,
    revisions: [
      ...article.revisions,
      { revision, at: now, by: editor.userId, title: content.title },
    ],
  };
  if (article.status === 'published') {
    edited.publishedAt = content.publishedAt ?? article.publishedAt;
    return { article: edited, outcome: { kind: 'published' } };
  }
  return { article: edited, outcome: { kind: 'unchanged-visibility' } };
}

export function submitForReview(article: Article, now: Date): Article {
  requireStatus(article, 'submit', ['draft']);
  return { ...touched(article, now), status: 'in_review' };
}

export function requestChanges(
  article: Article,
  comment: string,
  editor: Editor,
  now: Date,
): Article {
  if (!isChief(editor)) throw new EditorialRoleError('only a chief-editor sends an article back');
  requireStatus(article, 'request changes on', ['in_review']);
  // The comment goes on the revision that was reviewed.
  const revisions = article.revisions.map((entry) =>
    entry.revision === article.revision ? { ...entry, comment } : entry,
  );
  return { ...touched(article, now), status: 'draft', revisions };
}

/**
 * Publish now (no `publishAt`), or schedule for a future time; a time not in the future is
 * refused. Open import warnings must be acknowledged (`acknowledgeWarnings`), which is recorded.
 */
export function approve(
  article: Article,
  publishAt: Date | undefined,
  editor: Editor,
  now: Date,
  acknowledgeWarnings = false,
): { article: Article; outcome: WorkflowOutcome } {
  if (!isChief(editor)) throw new EditorialRoleError('only a chief-editor approves');
  requireStatus(article, 'approve', ['in_review']);
  if (publishAt) {
    if (Number.isNaN(publishAt.getTime()))
      throw new ArticleRuleError('publishAt', 'publishAt is not a valid time');
    if (publishAt.getTime() <= now.getTime())
      throw new ArticleRuleError('publishAt', 'publishAt must be in the future');
  }
  const open = openWarnings(article);
  if (open.length > 0 && !acknowledgeWarnings) throw new UnacknowledgedWarningsError(open);
  if (open.length > 0)
    article = {
      ...article,
      importReport: {
        ...article.importReport!,
        acknowledged: { by: editor.userId, at: now, codes: open.map((w) => w.code) },
      },
    };
  if (publishAt) {
    return {
      article: { ...touched(article, now), status: 'scheduled', scheduledAt: publishAt },
      outcome: { kind: 'unchanged-visibility' },
    };
  }
  return { article: published(article, now, now), outcome: { kind: 'published' } };
}

/** The scheduler's step: a scheduled article whose time has come goes public. */
export function publishIfDue(article: Article, now: Date): Article | undefined {
  if (article.status !== 'scheduled' || !article.scheduledAt) return undefined;
  if (article.scheduledAt.getTime() > now.getTime()) return undefined;
  return published(article, article.scheduledAt, now);
}

function published(article: Article, at: Date, now: Date): Article {
  const { scheduledAt: _scheduled, ...rest } = article;
  return {
    ...touched(rest, now),
    status: 'published',
    publishedAt: article.content.publishedAt ?? at,
  };
}

export function retract(
  article: Article,
  reason: string,
  editor: Editor,
  now: Date,
): { article: Article; outcome: WorkflowOutcome } {
  if (!isChief(editor)) throw new EditorialRoleError('only a chief-editor retracts');
  requireStatus(article, 'retract', ['published', 'scheduled']);
  const wasPublished = article.status === 'published';
  const { scheduledAt: _scheduled, ...rest } = article;
  return {
    article: { ...touched(rest, now), status: 'retracted', retraction: { reason, at: now } },
    outcome: { kind: 'retracted', wasPublished },
  };
}
