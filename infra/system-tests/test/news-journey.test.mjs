// The news journey through the gateway: import seed 000 → submit → approve (publish) → the article
// links 启迪之星（德州） → its followers are notified; checked in REST, stored state and on the bus.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNewsFeedClient,
  createNotificationClient,
  createRegistryClient,
} from '@shuangchuang/contracts';
import {
  connectMongo,
  eventually,
  founderLogin,
  randomUUID,
  readTopic,
  staffToken,
  startSystem,
} from './support/system.mjs';

const SEEDS = new URL('../../../../shared/seeds/', import.meta.url);
const seed000 = readFileSync(
  new URL(
    readdirSync(SEEDS).find((name) => name.startsWith('000_')),
    SEEDS,
  ),
  'utf8',
);

describe('news journey through the gateway', () => {
  let stack;
  let mongo;

  beforeAll(async () => {
    stack = await startSystem();
    console.log(`system started in ${stack.startMs} ms at ${stack.gatewayUrl}`);
    mongo = await connectMongo(stack.mongoUrl);
  });

  afterAll(async () => {
    await mongo?.close();
    await stack?.stop();
  });

  it('import seed 000, review, publish; followers of 启迪之星（德州） are notified', async () => {
    const { gatewayUrl } = stack;
    const registry = createRegistryClient({ baseUrl: gatewayUrl });
    const found = await registry.GET('/carriers', { params: { query: { q: '启迪之星' } } });
    const qidi = found.data.items.find((c) => c.name === '启迪之星（德州）');
    expect(qidi).toBeDefined();
    const carrierId = qidi.id;

    // A founder follows the carrier (once notification has heard of it).
    const founder = await founderLogin(gatewayUrl, `e2e-reader-${randomUUID().slice(0, 8)}`);
    const founderNotifications = createNotificationClient({
      baseUrl: gatewayUrl,
      token: founder.token,
    });
    await eventually(
      async () =>
        (
          await founderNotifications.PUT('/follows/{carrierId}', {
            params: { path: { carrierId } },
          })
        ).response.status === 200,
      { what: 'follow accepted by notification' },
    );
    // A founder who follows nothing is the control: no news message for them.
    const bystander = await founderLogin(gatewayUrl, `e2e-bystander-${randomUUID().slice(0, 8)}`);

    // news-feed links mentions against its read model of carriers, fed by registry events: wait
    // until that model holds the carrier (there is no REST view of it).
    await eventually(
      async () =>
        (
          await mongo.db(stack.database('news-feed')).collection('carriers').find({}).toArray()
        ).some((c) => String(c._id) === carrierId || c.carrierId === carrierId),
      { what: 'news-feed knows 启迪之星（德州）' },
    );

    // Staff of the newsroom.
    const editor = createNewsFeedClient({
      baseUrl: gatewayUrl,
      token: await staffToken({ sub: 'e2e-editor', roles: ['editor'], name: '编辑' }),
    });
    const chief = createNewsFeedClient({
      baseUrl: gatewayUrl,
      token: await staffToken({ sub: 'e2e-chief', roles: ['chief-editor'], name: '主编' }),
    });
    const importKey = randomUUID();
    const imported = await eventually(
      async () => {
        const r = await editor.POST('/editorial/imports', {
          params: { header: { 'Idempotency-Key': importKey } },
          body: { format: 'markdown', kind: 'news', content: seed000 },
        });
        if (r.response.status !== 201)
          throw new Error(`${r.response.status} ${JSON.stringify(r.error)}`);
        return r;
      },
      { what: 'seed 000 imported' },
    );
    const articleId = imported.data.id;
    expect(imported.data.status).toBe('draft');
    expect(imported.data.title).toContain('德州高创中心');
    expect(imported.data.source?.outlet ?? imported.data.source?.author).toBeTruthy();
    expect(imported.data.bodyHtml).toContain('启迪之星');
    expect(imported.data.bodyHtml).not.toMatch(/<script/i);

    // The editor submits; the chief editor approves, which publishes now.
    const submitted = await editor.POST('/editorial/articles/{articleId}/submit', {
      params: { path: { articleId } },
    });
    expect(submitted.response.status, JSON.stringify(submitted.error)).toBe(200);
    expect(submitted.data.status).toBe('in_review');

    // acknowledgeWarnings: a stack that seeded news at first start holds a copy of seed 000,
    // which the import flags as a probable duplicate
    const approved = await chief.POST('/editorial/articles/{articleId}/approve', {
      params: { path: { articleId } },
      body: { acknowledgeWarnings: true },
    });
    expect(approved.response.status, JSON.stringify(approved.error)).toBe(200);
    expect(approved.data.status).toBe('published');
    expect(approved.data.mentionedCarriers.map((c) => c.id)).toContain(carrierId);

    // Public read: the article is in the feed and links the carrier.
    const reader = createNewsFeedClient({ baseUrl: gatewayUrl });
    const publicArticle = await reader.GET('/articles/{articleId}', {
      params: { path: { articleId } },
    });
    expect(publicArticle.response.status).toBe(200);
    expect(publicArticle.data.mentionedCarriers).toContainEqual({
      id: carrierId,
      name: '启迪之星（德州）',
    });
    const feed = await reader.GET('/articles', { params: { query: { carrierId } } });
    expect(feed.response.status, JSON.stringify(feed.error)).toBe(200);
    expect(feed.data.items.map((a) => a.id)).toContain(articleId);

    // The follower's inbox gets the news, once; the bystander gets nothing.
    await eventually(
      async () => {
        const r = await founderNotifications.GET('/inbox');
        return r.data.items.some((m) => m.link?.id === articleId);
      },
      { what: 'news message in the follower inbox' },
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const inbox = await founderNotifications.GET('/inbox');
    const news = inbox.data.items.filter((m) => m.link?.id === articleId);
    expect(news).toHaveLength(1);
    expect(news[0].category).toBe('news');
    expect(news[0].link.page).toBe('article');
    expect(news[0].body).toContain('启迪之星（德州）');
    const other = await createNotificationClient({
      baseUrl: gatewayUrl,
      token: bystander.token,
    }).GET('/inbox');
    expect(other.data.items.filter((m) => m.link?.id === articleId)).toHaveLength(0);

    // Stored state: news-feed's own database holds the published article with the link.
    const stored = await mongo
      .db(stack.database('news-feed'))
      .collection('articles')
      .find({})
      .toArray();
    const article = stored.find((a) => String(a._id) === articleId);
    expect(article, `article ${articleId} in news-feed`).toBeTruthy();
    expect(article.status).toBe('published');
    expect(JSON.stringify(article)).toContain(carrierId);

    // The bus: news.article.v1 carries the published event with the mentioned carrier id.
    const topic = await readTopic(stack.kafkaBrokers, 'news.article.v1');
    try {
      const published = await eventually(
        () =>
          topic.messages.find(
            (m) =>
              m.key === articleId &&
              m.headers.ce_type === 'cn.shuangchuang.news.article.published.v1',
          ),
        { what: 'published event on news.article.v1' },
      );
      expect(published.data.articleId).toBe(articleId);
      expect(published.data.mentionedCarrierIds).toContain(carrierId);
      expect(
        topic.messages.filter(
          (m) =>
            m.key === articleId &&
            m.headers.ce_type === 'cn.shuangchuang.news.article.published.v1',
        ),
      ).toHaveLength(1);
    } finally {
      await topic.stop();
    }
  });
});
