import { NotFoundError } from '@shuangchuang/service-kit';
import type { Router } from 'express';
import type { ArticleFeed } from '../data-access/article-feed.js';
import type { PublishedFeed } from '../data-access/published-feed.js';
import type { ArticleKind } from '../domain/article.js';
import { articleView } from './article-view.js';

const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Public: the feed with filters, search, and published articles. */
export function mountFeedRoutes(
  router: Router,
  { feed, publishedFeed }: { feed: ArticleFeed; publishedFeed: PublishedFeed },
): void {
  router.get('/articles', (req, res) => {
    // the page as computed (items are summary views): a cached one is frozen and resent as text
    res.json(
      publishedFeed.list({
        q: optional(req.query.q),
        kind: optional(req.query.kind) as ArticleKind | undefined,
        region: optional(req.query.region),
        tag: optional(req.query.tag),
        carrierId: optional(req.query.carrierId),
        cursor: optional(req.query.cursor),
        limit: Number(req.query.limit ?? 20),
      }),
    );
  });

  router.get('/articles/:articleId', async (req, res) => {
    const article = await feed.published(req.params.articleId);
    if (!article) throw new NotFoundError(`no published article ${req.params.articleId}`);
    res.json(articleView(article, { staff: false }));
  });
}
