// news-feed's API: one thin handler per operation of packages/contracts/openapi/news-feed.yaml.
// Handlers get the request typed from the contract, call a workflow and map its answer.
import type { NewsFeedApi } from '@shuangchuang/contracts';
import { etagOf, routeTable, versionFromIfMatch } from '@shuangchuang/service-kit';
import type { Article } from '../domain/article.js';
import {
  approveArticle,
  createDraft,
  editArticle,
  getEditorialArticle,
  listEditorialArticles,
  requestArticleChanges,
  retractArticle,
  submitArticle,
} from '../workflows/editorial-desk.js';
import { importDocument } from '../workflows/import-document.js';
import type { NewsFeedContext } from '../workflows/news-feed-context.js';
import { getPublishedArticle, listPublishedArticles } from '../workflows/read-feed.js';
import {
  articleView,
  editorialListRequestOf,
  editorialPageView,
  editorOf,
  feedRequestOf,
} from './views.js';

export function newsFeedRoutes(context: NewsFeedContext) {
  return routeTable<NewsFeedApi.paths>({
    // public: the feed (a cached page is frozen and resent as its first serialization)
    'GET /articles': ({ query }) => ({
      status: 200,
      body: listPublishedArticles(context, feedRequestOf(query)),
    }),

    'GET /articles/{articleId}': async ({ params }) => ({
      status: 200,
      body: articleView(await getPublishedArticle(context, params.articleId), { staff: false }),
    }),

    // staff: drafts, review, publishing, retraction and imports
    'GET /editorial/articles': async ({ query }) => ({
      status: 200,
      body: editorialPageView(await listEditorialArticles(context, editorialListRequestOf(query))),
    }),

    'POST /editorial/articles': async ({ body, headers, user, baseUrl }) => {
      const article = await createDraft(context, body, editorOf(user), headers['Idempotency-Key']);
      return {
        status: 201,
        body: staffView(article),
        headers: {
          ETag: etagOf(article.version),
          Location: `${baseUrl}/editorial/articles/${article.id}`,
        },
      };
    },

    'GET /editorial/articles/{articleId}': async ({ params }) =>
      staffAnswerWithEtag(await getEditorialArticle(context, params.articleId)),

    'PUT /editorial/articles/{articleId}': async ({ params, headers, body, user }) =>
      staffAnswerWithEtag(
        await editArticle(
          context,
          params.articleId,
          body,
          editorOf(user),
          versionFromIfMatch(headers['If-Match']),
        ),
      ),

    'POST /editorial/articles/{articleId}/submit': async ({ params }) =>
      staffAnswer(await submitArticle(context, params.articleId)),

    'POST /editorial/articles/{articleId}/approve': async ({ params, body, user }) =>
      staffAnswer(
        await approveArticle(
          context,
          params.articleId,
          body.publishAt === undefined ? undefined : new Date(body.publishAt),
          editorOf(user),
          body.acknowledgeWarnings === true,
        ),
      ),

    'POST /editorial/articles/{articleId}/request-changes': async ({ params, body, user }) =>
      staffAnswer(
        await requestArticleChanges(context, params.articleId, body.comment, editorOf(user)),
      ),

    'POST /editorial/articles/{articleId}/retract': async ({ params, body, user }) =>
      staffAnswer(await retractArticle(context, params.articleId, body.reason, editorOf(user))),

    'POST /editorial/imports': async ({ body, headers, user }) => ({
      status: 201,
      body: staffView(
        await importDocument(context, body, editorOf(user), headers['Idempotency-Key']),
      ),
    }),
  });
}

const staffView = (article: Article) => articleView(article, { staff: true });

function staffAnswer(article: Article) {
  return { status: 200 as const, body: staffView(article) };
}

function staffAnswerWithEtag(article: Article) {
  return {
    status: 200 as const,
    body: staffView(article),
    headers: { ETag: etagOf(article.version) },
  };
}
