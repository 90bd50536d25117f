// An article as the editorial desk and the public feed see it, independent of storage and HTTP.

import type { ImportReport } from './import-report.js';

export const ARTICLE_KINDS = ['news', 'policy', 'notice', 'event'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

export const ARTICLE_STATUSES = [
  'draft',
  'in_review',
  'scheduled',
  'published',
  'retracted',
] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface ArticleSource {
  outlet?: string;
  originalUrl?: string;
  author?: string;
  editor?: string;
}

/** What staff write; `bodyHtml` is always the sanitized form once it is inside an Article. */
export interface ArticleContent {
  kind: ArticleKind;
  title: string;
  summary?: string;
  bodyHtml: string;
  coverImageUrl?: string;
  source?: ArticleSource;
  region?: string;
  tags?: string[];
  /** original publication time at the source, when different from ours */
  publishedAt?: Date;
}

export interface MentionedCarrier {
  id: string;
  name: string;
}

export interface Revision {
  revision: number;
  at: Date;
  by: string;
  title: string;
  comment?: string;
}

export interface Article {
  id: string;
  /** concurrency version, the ETag: every change raises it */
  version: number;
  /** content revision: only edits of the content raise it */
  revision: number;
  status: ArticleStatus;
  content: ArticleContent;
  mentionedCarriers: MentionedCarrier[];
  /** when the article went (or goes) public: the source's date if given, else our publication */
  publishedAt?: Date;
  scheduledAt?: Date;
  retraction?: { reason: string; at: Date };
  revisions: Revision[];
  /** what importing it did and what to look at before publishing (imported articles only) */
  importReport?: ImportReport;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}
