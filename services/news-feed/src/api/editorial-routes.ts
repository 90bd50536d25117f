import type { JwtAuth } from '@shuangchuang/service-kit';
import type { Request, Router } from 'express';
import type { ArticleFeed } from '../data-access/article-feed.js';
import type { ArticleStore } from '../data-access/article-store.js';
import type { ArticleStatus } from '../domain/article.js';
import { CHIEF_EDITOR, EDITOR, type Editor } from '../domain/editorial-workflow.js';
import type { NewsEvent } from '../events/outgoing/news-event-types.js';
import type { EditorialDesk } from '../workflows/editorial-desk.js';
import { articleSummaryView, articleView, etagOf } from './article-view.js';
import { versionFromIfMatch } from './problems.js';

export interface EditorialRouteDeps {
  desk: EditorialDesk;
  store: ArticleStore<NewsEvent>;
  feed: ArticleFeed;
  auth: JwtAuth;
}

function editorOf(req: Request): Editor {
  return { userId: req.user!.id, roles: req.user!.roles };
}

const idempotencyKeyOf = (req: Request) => String(req.headers['idempotency-key']);

/** Staff: drafts, review, publishing, retraction and imports. */
export function mountEditorialRoutes(router: Router, deps: EditorialRouteDeps): void {
  const { desk, store, feed, auth } = deps;
  const staff = auth.requireRoles(EDITOR, CHIEF_EDITOR);
  const chief = auth.requireRoles(CHIEF_EDITOR);

  router.get('/editorial/articles', staff, async (req, res) => {
    const page = await feed.editorial({
      status: req.query.status as ArticleStatus | undefined,
      cursor: typeof req.query.cursor === 'string' ? req.query.cursor : undefined,
      limit: Number(req.query.limit ?? 20),
    });
    res.json({
      items: page.items.map((article) => articleSummaryView(article, { staff: true })),
      nextCursor: page.nextCursor,
    });
  });

  router.post('/editorial/articles', staff, async (req, res) => {
    const { article } = await desk.createDraft(req.body, editorOf(req), idempotencyKeyOf(req));
    res
      .status(201)
      .setHeader('ETag', etagOf(article))
      .setHeader('Location', `${req.baseUrl}/editorial/articles/${article.id}`)
      .json(articleView(article, { staff: true }));
  });

  router.get('/editorial/articles/:articleId', staff, async (req, res) => {
    const article = await store.get(req.params.articleId as string);
    res.setHeader('ETag', etagOf(article)).json(articleView(article, { staff: true }));
  });

  router.put('/editorial/articles/:articleId', staff, async (req, res) => {
    const article = await desk.edit(
      req.params.articleId as string,
      req.body,
      editorOf(req),
      versionFromIfMatch(req.headers['if-match']),
    );
    res.setHeader('ETag', etagOf(article)).json(articleView(article, { staff: true }));
  });

  router.post('/editorial/articles/:articleId/submit', staff, async (req, res) => {
    const article = await desk.submit(req.params.articleId as string);
    res.json(articleView(article, { staff: true }));
  });

  router.post('/editorial/articles/:articleId/approve', chief, async (req, res) => {
    const publishAt = req.body?.publishAt ? new Date(req.body.publishAt) : undefined;
    const article = await desk.approve(
      req.params.articleId as string,
      publishAt,
      editorOf(req),
      req.body?.acknowledgeWarnings === true,
    );
    res.json(articleView(article, { staff: true }));
  });

  router.post('/editorial/articles/:articleId/request-changes', chief, async (req, res) => {
    const article = await desk.requestChanges(
      req.params.articleId as string,
      req.body.comment,
      editorOf(req),
    );
    res.json(articleView(article, { staff: true }));
  });

  router.post('/editorial/articles/:articleId/retract', chief, async (req, res) => {
    const article = await desk.retract(
      req.params.articleId as string,
      req.body.reason,
      editorOf(req),
    );
    res.json(articleView(article, { staff: true }));
  });

  router.post('/editorial/imports', staff, async (req, res) => {
    const { article } = await desk.importDocument(req.body, editorOf(req), idempotencyKeyOf(req));
    res.status(201).json(articleView(article, { staff: true }));
  });
}
