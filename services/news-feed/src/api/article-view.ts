import type { Article } from '../domain/article.js';
import { openWarnings, type ImportReport } from '../domain/import-report.js';

const iso = (date: Date | undefined) => date?.toISOString();

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const etagOf = (article: Article) => `"${article.version}"`;

/** The list form (ArticleSummary): no body, no revisions. */
export function articleSummaryView(article: Article, { staff }: { staff: boolean }) {
  const { content } = article;
  return defined({
    id: article.id,
    kind: content.kind,
    status: staff ? article.status : undefined,
    title: content.title,
    summary: content.summary,
    coverImageUrl: content.coverImageUrl,
    region: content.region,
    tags: content.tags ?? [],
    source: content.source,
    publishedAt: iso(article.publishedAt),
    mentionedCarriers: article.mentionedCarriers,
    openWarningCount: staff && article.importReport ? openWarnings(article).length : undefined,
  });
}

function importReportView(report: ImportReport) {
  return defined({
    ...report,
    acknowledged: report.acknowledged && {
      ...report.acknowledged,
      at: report.acknowledged.at.toISOString(),
    },
  });
}

/** The full form (Article); revisions and the schedule only for staff. */
export function articleView(article: Article, { staff }: { staff: boolean }) {
  const { content } = article;
  return defined({
    id: article.id,
    version: article.version,
    revision: article.revision,
    status: article.status,
    kind: content.kind,
    title: content.title,
    summary: content.summary,
    bodyHtml: content.bodyHtml,
    coverImageUrl: content.coverImageUrl,
    source: content.source,
    region: content.region,
    tags: content.tags ?? [],
    publishedAt: iso(article.publishedAt ?? content.publishedAt),
    scheduledAt: staff ? iso(article.scheduledAt) : undefined,
    retraction: article.retraction && {
      reason: article.retraction.reason,
      at: article.retraction.at.toISOString(),
    },
    mentionedCarriers: article.mentionedCarriers,
    revisions: staff
      ? article.revisions.map((r) => defined({ ...r, at: r.at.toISOString() }))
      : undefined,
    importReport:
      staff && article.importReport ? importReportView(article.importReport) : undefined,
    openWarnings: staff && article.importReport ? openWarnings(article) : undefined,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
  });
}
