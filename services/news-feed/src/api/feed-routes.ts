import { NotFoundError } from '@shuangchuang/service-kit';
import type { Router } from 'express';
import type { ArticleFeed } from '../data-access/article-feed.js';
import type { ArticleKind } from '../domain/article.js';
import { articleSummaryView, articleView } from './article-view.js';

const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Public: the feed with filters, search, and published articles. */
export function mountFeedRoutes(router: Router, { feed }: { feed: ArticleFeed }): void {
  router.get('/articles', async (req, res) => {
    const page = await feed.list({
      q: optional(req.query.q),
      kind: optional(req.query.kind) as ArticleKind | undefined,
      region: optional(req.query.region),
      tag: optional(req.query.tag),
      carrierId: optional(req.query.carrierId),
      cursor: optional(req.query.cursor),
      limit: Number(req.query.limit ?? 20),
    });
    res.json({
      items: page.items.map((article) => articleSummaryView(article, { staff: false })),
      nextCursor: page.nextCursor,
    });
  });

  router.get('/articles/:articleId', async (req, res) => {
    const article = await feed.published(req.params.articleId);
    if (!article) throw new NotFoundError(`no published article ${req.params.articleId}`);
    res.json(articleView(article, { staff: false }));
  });
}
