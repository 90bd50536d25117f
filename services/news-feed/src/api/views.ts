// news-feed's API shapes (news-feed.yaml) from and to the workflows' words.
import type { NewsFeedApi } from '@shuangchuang/contracts';
import type { AuthUser } from '@shuangchuang/service-kit';
import type { Article } from '../domain/article.js';
import type { Editor } from '../domain/editorial-workflow.js';
import { openWarnings, type ImportReport } from '../domain/import-report.js';
import type { FeedRequest } from '../search/published-feed.js';
import type { ArticlePage, EditorialListRequest } from '../workflows/news-feed-context.js';

type Schemas = NewsFeedApi.components['schemas'];
type Query<Operation extends keyof NewsFeedApi.operations> = NonNullable<
  NewsFeedApi.operations[Operation]['parameters']['query']
>;

const iso = (date: Date | undefined) => date?.toISOString();

/** Without the fields that are undefined: the response is checked against the contract as is. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The caller as the editorial workflow knows them. */
export function editorOf(user: AuthUser): Editor {
  return { userId: user.id, roles: user.roles };
}

/** GET /articles' query as the published feed reads it. */
export function feedRequestOf(query: Query<'listArticles'>): FeedRequest {
  return {
    q: query.q,
    kind: query.kind,
    region: query.region,
    tag: query.tag,
    carrierId: query.carrierId,
    cursor: query.cursor,
    limit: query.limit ?? 20,
  };
}

export function editorialListRequestOf(
  query: Query<'listEditorialArticles'>,
): EditorialListRequest {
  return {
    ...(query.status && { status: query.status }),
    ...(query.cursor && { cursor: query.cursor }),
    limit: query.limit ?? 20,
  };
}

/** A page of the editorial desk's list (staff summaries). */
export function editorialPageView(page: ArticlePage) {
  return {
    items: page.items.map((article) => articleSummaryView(article, { staff: true })),
    nextCursor: page.nextCursor,
  };
}

/** The list form (ArticleSummary): no body, no revisions. */
export function articleSummaryView(
  article: Article,
  { staff }: { staff: boolean },
): Schemas['ArticleSummary'] {
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

function importReportView(report: ImportReport): Schemas['ImportReport'] {
  return defined({
    ...report,
    acknowledged: report.acknowledged && {
      ...report.acknowledged,
      at: report.acknowledged.at.toISOString(),
    },
  });
}

/** The full form (Article); revisions and the schedule only for staff. */
export function articleView(article: Article, { staff }: { staff: boolean }): Schemas['Article'] {
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
