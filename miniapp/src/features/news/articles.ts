// News: the feed's filters and the article page.
import type { NewsFeedApi, NewsFeedClient } from '@shuangchuang/contracts';
import { unwrap } from '../../services/problem';
import type { ArticleKind } from '../labels';

export type ArticleSummary = NewsFeedApi.components['schemas']['ArticleSummary'];
export type Article = NewsFeedApi.components['schemas']['Article'];
export type ArticleQuery = NonNullable<
  NewsFeedApi.operations['listArticles']['parameters']['query']
>;

export interface NewsFilters {
  text: string;
  kind: ArticleKind | '';
  region: string;
}

export const emptyNewsFilters: NewsFilters = { text: '', kind: '', region: '' };

export function toArticleQuery(filters: NewsFilters, cursor?: string): ArticleQuery {
  const query: ArticleQuery = { limit: 20 };
  if (filters.text.trim()) query.q = filters.text.trim().slice(0, 100);
  if (filters.kind) query.kind = filters.kind;
  if (filters.region.trim()) query.region = filters.region.trim().slice(0, 50);
  if (cursor) query.cursor = cursor;
  return query;
}

export function listArticles(
  newsFeed: NewsFeedClient,
  filters: NewsFilters,
  cursor?: string,
): Promise<{ items: ArticleSummary[]; nextCursor: string | null }> {
  return unwrap(newsFeed.GET('/articles', { params: { query: toArticleQuery(filters, cursor) } }));
}

export function getArticle(newsFeed: NewsFeedClient, articleId: string): Promise<Article> {
  return unwrap(newsFeed.GET('/articles/{articleId}', { params: { path: { articleId } } }));
}

/** 2021-12-01T12:24:01Z → 2021年12月1日 (China time). */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(Date.parse(iso) + 8 * 3600_000);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
}

/**
 * news-feed already sanitizes bodyHtml; RichText still gets a defensive pass that drops
 * scripts, styles, event handlers and javascript: URLs, and makes images fit the screen.
 */
export function richTextHtml(bodyHtml: string): string {
  return (
    bodyHtml
      .replace(/<(script|style|iframe|object|embed)[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<(script|style|iframe|object|embed)\b[^>]*\/?>/gi, '')
      .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
      .replace(/(href|src)\s*=\s*("|')\s*javascript:[^"']*\2/gi, '$1="#"')
      .replace(/<img\b/gi, '<img style="max-width:100%;height:auto"')
      // an image without a text alternative is announced as 资讯配图, not as its file name
      .replace(/<img\b(?![^>]*\balt\s*=)/gi, '<img alt="资讯配图"')
  );
}
