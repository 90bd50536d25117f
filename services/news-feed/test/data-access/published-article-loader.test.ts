import { randomUUID } from 'node:crypto';
import { inTransaction, prepareCollections } from '@shuangchuang/service-kit';
import {
  startTestInfrastructure,
  type TestInfrastructure,
} from '@shuangchuang/test-infrastructure';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoArticleStore } from '../../src/data-access/article-store.js';
import { newsFeedModels, type NewsFeedModels } from '../../src/data-access/models.js';
import { PublishedArticleLoader } from '../../src/data-access/published-article-loader.js';
import type { Article } from '../../src/domain/article.js';
import { edit, newDraft, retract } from '../../src/domain/editorial-workflow.js';
import { PublishedArticleIndex } from '../../src/search/published-article-index.js';

// The loader between the database and the index: what it loads at start, what a poll finds of
// another instance's writes (a store of its own, as a second replica has), what a commit of this
// instance without keys reads back.
let infrastructure: TestInfrastructure;
let connection: Connection;
let models: NewsFeedModels;

beforeAll(async () => {
  infrastructure = await startTestInfrastructure();
  connection = await mongoose
    .createConnection(infrastructure.mongoUrl, {
      dbName: `news-loader-${randomUUID().slice(0, 8)}`,
    })
    .asPromise();
  models = newsFeedModels(connection);
  await prepareCollections(models);
}, 120_000);
afterAll(async () => {
  await connection?.close();
  await infrastructure?.stop();
});

const editor = { userId: 'editor-1', roles: ['chief-editor'] };
const now = () => new Date();

/** Another instance's store: its writes reach this instance's index only through the database. */
const otherInstance = () => new MongoArticleStore(connection, models, async () => {});

async function stored(title: string, status: 'draft' | 'published'): Promise<Article> {
  const draft = newDraft(
    randomUUID().replaceAll('-', '').slice(0, 24),
    {
      kind: 'news',
      title,
      bodyHtml: `<p>${title}</p>`,
      tags: [],
    },
    editor,
    now(),
    [],
  );
  await inTransaction(connection, (session) => otherInstance().insert(draft, session));
  if (status === 'draft') return draft;
  const article: Article = { ...draft, version: 2, status: 'published', publishedAt: now() };
  await otherInstance().update({ article, outcome: { kind: 'published' } }, draft);
  return article;
}

function loaderOf() {
  const index = new PublishedArticleIndex((article) => ({ id: article.id }));
  const errors: unknown[] = [];
  const loader = new PublishedArticleLoader(models.articles, index, (error) => errors.push(error));
  return { index, loader, errors };
}

const feedIds = (index: PublishedArticleIndex) =>
  index.newest(undefined, {}, 100).map((article) => article.id);

describe('PublishedArticleLoader', () => {
  it('loads the published articles only, then finds by polling what another instance publishes, edits and retracts', async () => {
    const before = await stored('德州孵化器开园', 'published');
    const draft = await stored('草稿不公开', 'draft');
    const { index, loader, errors } = loaderOf();
    await loader.load();
    expect(feedIds(index)).toEqual([before.id]);
    expect(feedIds(index)).not.toContain(draft.id);

    const later = await stored('兰州众创空间揭牌', 'published');
    expect(feedIds(index)).not.toContain(later.id);
    await loader.refresh();
    expect(feedIds(index)).toEqual([later.id, before.id]);
    expect(index.newestMatching([['兰州']], {}, 10).map((a) => a.id)).toEqual([later.id]);

    // an edit with new words: found by them, no longer by the old ones
    const edited = edit(
      later,
      { ...later.content, title: '沂源创业苗圃揭牌', bodyHtml: '<p>沂源创业苗圃揭牌</p>' },
      editor,
      now(),
      [],
    );
    await otherInstance().update(edited, later);
    await loader.refresh();
    expect(index.newestMatching([['沂源']], {}, 10).map((a) => a.id)).toEqual([later.id]);
    expect(index.newestMatching([['兰州']], {}, 10)).toEqual([]);

    const retracted = retract(before, '来源有误', editor, now());
    await otherInstance().update(retracted, before);
    await loader.refresh();
    expect(feedIds(index)).toEqual([later.id]);
    expect(errors).toEqual([]);
  });

  it('a commit of this instance is in the index at once; one without keys is read back from the database', async () => {
    const { index, loader } = loaderOf();
    await loader.load();
    const store = new MongoArticleStore(connection, models, async () => {});
    store.onCommitted((committed) => loader.committed(committed));
    const draft = newDraft(
      'a'.repeat(24),
      {
        kind: 'policy',
        title: '创新券申领办法',
        bodyHtml: '<p>创新券</p>',
        tags: [],
      },
      editor,
      now(),
      [],
    );
    await inTransaction(connection, (session) => store.insert(draft, session));
    const published: Article = { ...draft, version: 2, status: 'published', publishedAt: now() };
    // the content did not change: the store computed no keys, the loader reads them back
    await store.update({ article: published, outcome: { kind: 'published' } }, draft);
    expect(index.newestMatching([['创新']], {}, 10).map((a) => a.id)).toEqual([draft.id]);
    // an older version arriving late (a poll that read before the commit) changes nothing
    index.put({ ...published, version: 1, status: 'draft' }, undefined);
    expect(feedIds(index)).toContain(draft.id);
  });
});
