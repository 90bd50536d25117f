import type { Article } from '../domain/article.js';
import { ArticleNotFoundError } from '../domain/errors.js';
import type { FeedPage, FeedRequest } from '../search/published-feed.js';
import type { FeedItem, NewsFeedContext } from './news-feed-context.js';

/** The public feed, newest first, or a search by relevance: answered from memory. */
export function listPublishedArticles(
  context: NewsFeedContext,
  request: FeedRequest,
): FeedPage<FeedItem> {
  return context.publishedFeed.list(request);
}

/** A published article whole; drafts, scheduled and retracted ones are not found. */
export async function getPublishedArticle(context: NewsFeedContext, id: string): Promise<Article> {
  const article = await context.articles.findPublished(id);
  if (!article) throw new ArticleNotFoundError(id);
  return article;
}
