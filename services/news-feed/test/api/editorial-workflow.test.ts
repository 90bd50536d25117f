import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  idempotencyKey,
  START_TIME,
  startNewsFeedHarness,
  type NewsFeedHarness,
} from '../support/news-feed-harness.js';

const QIDI = '665f1c2ab8e4a1f3c9d20001';
let h: NewsFeedHarness;
let editor: string;
let chief: string;

const dezhou = {
  kind: 'news',
  title: '啟迪之星（德州）獲批2021年度國家中小企業公共服務示範平台',
  summary: '启迪之星（德州）正式获批2021年度国家中小企业公共服务示范平台。',
  bodyHtml:
    '<p>近日，启迪之星（德州）正式获批2021年度国家中小企业公共服务示范平台。</p><img src="https://static.example.com/a.jpeg" onerror="alert(1)"><script>alert(2)</script>',
  source: { outlet: '趣头条', author: '齐鲁壹点' },
  region: '山东省德州市',
  tags: ['示范平台', '双创'],
};

beforeAll(async () => {
  h = await startNewsFeedHarness();
  editor = await h.token('editor-1', ['editor']);
  chief = await h.token('chief-1', ['chief-editor']);
  await h.publishCarrier({ carrierId: QIDI, version: 1, name: '启迪之星（德州）' });
  await h.carrierVersion(QIDI, 1);
});
afterAll(async () => h?.stop());

async function draft(body: unknown = dezhou, token = editor) {
  const created = await h.call('POST', '/editorial/articles', {
    token,
    body,
    headers: idempotencyKey(),
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function submitted(body: unknown = dezhou) {
  const article = await draft(body);
  expect(
    (await h.call('POST', `/editorial/articles/${article.id}/submit`, { token: editor })).status,
  ).toBe(200);
  return article;
}

describe('the editorial workflow through the API', () => {
  it('draft → review → published: sanitized, linked to the carrier, in the feed, one event', async () => {
    const article = await draft();
    expect(article).toMatchObject({ status: 'draft', version: 1, revision: 1 });
    expect(article.bodyHtml).not.toMatch(/onerror|script|alert/);
    expect(article.bodyHtml).toContain('<img src="https://static.example.com/a.jpeg" />');
    expect(article.mentionedCarriers).toEqual([{ id: QIDI, name: '启迪之星（德州）' }]);
    expect(article.revisions).toHaveLength(1);

    // not public yet
    expect((await h.call('GET', `/articles/${article.id}`)).status).toBe(404);

    await h.call('POST', `/editorial/articles/${article.id}/submit`, { token: editor });
    const approved = await h.call('POST', `/editorial/articles/${article.id}/approve`, {
      token: chief,
      body: {},
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'published',
      publishedAt: START_TIME.toISOString(),
    });

    const detail = await h.call('GET', `/articles/${article.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.title).toBe(dezhou.title); // the original characters are kept
    expect(detail.body.revisions).toBeUndefined();

    const carrierNews = await h.call('GET', `/articles?carrierId=${QIDI}`);
    expect(carrierNews.body.items.map((i: any) => i.id)).toContain(article.id);

    const event = await h.waitForEmitted(
      (e) =>
        e.type === 'cn.shuangchuang.news.article.published.v1' && e.data.articleId === article.id,
    );
    expect(event.subject).toBe(article.id);
    expect(event.data).toMatchObject({ revision: 1, kind: 'news', mentionedCarrierIds: [QIDI] });
    expect(event.data).not.toHaveProperty('bodyHtml');
  });

  it('retract: gone from the feed and the detail, a retracted event with the carrier ids', async () => {
    const article = await submitted();
    await h.call('POST', `/editorial/articles/${article.id}/approve`, { token: chief, body: {} });
    const retracted = await h.call('POST', `/editorial/articles/${article.id}/retract`, {
      token: chief,
      body: { reason: '来源信息有误' },
    });
    expect(retracted.status).toBe(200);
    expect(retracted.body.retraction).toEqual({
      reason: '来源信息有误',
      at: START_TIME.toISOString(),
    });
    expect((await h.call('GET', `/articles/${article.id}`)).status).toBe(404);
    const event = await h.waitForEmitted(
      (e) =>
        e.type === 'cn.shuangchuang.news.article.retracted.v1' && e.data.articleId === article.id,
    );
    expect(event.data).toMatchObject({ reason: '来源信息有误', mentionedCarrierIds: [QIDI] });
  });

  it('illegal transitions are 409 problem+json and change nothing', async () => {
    const article = await draft();
    const approveDraft = await h.call('POST', `/editorial/articles/${article.id}/approve`, {
      token: chief,
      body: {},
    });
    expect(approveDraft.status).toBe(409);
    expect(approveDraft.headers.get('content-type')).toContain('application/problem+json');
    expect(approveDraft.body.type).toBe('https://errors.shuangchuang.dev/conflict');
    const retractDraft = await h.call('POST', `/editorial/articles/${article.id}/retract`, {
      token: chief,
      body: { reason: 'x' },
    });
    expect(retractDraft.status).toBe(409);
    await h.call('POST', `/editorial/articles/${article.id}/submit`, { token: editor });
    expect(
      (await h.call('POST', `/editorial/articles/${article.id}/submit`, { token: editor })).status,
    ).toBe(409);
    const stored = await h.call('GET', `/editorial/articles/${article.id}`, { token: editor });
    expect(stored.body).toMatchObject({ status: 'in_review', version: 2 });
  });

  it('request changes sends it back with the comment; an edit makes revision 2 and needs If-Match', async () => {
    const article = await submitted();
    const back = await h.call('POST', `/editorial/articles/${article.id}/request-changes`, {
      token: chief,
      body: { comment: '请核实日期' },
    });
    expect(back.body).toMatchObject({ status: 'draft' });
    expect(back.body.revisions[0].comment).toBe('请核实日期');

    const unconditional = await h.call('PUT', `/editorial/articles/${article.id}`, {
      token: editor,
      body: { ...dezhou, title: '新标题' },
    });
    expect(unconditional.status).toBe(428);
    expect(unconditional.body.type).toBe('https://errors.shuangchuang.dev/precondition-required');
    const malformed = await h.call('PUT', `/editorial/articles/${article.id}`, {
      token: editor,
      body: { ...dezhou, title: '新标题' },
      headers: { 'if-match': 'version-3' },
    });
    expect(malformed.status).toBe(412);
    const stale = await h.call('PUT', `/editorial/articles/${article.id}`, {
      token: editor,
      body: { ...dezhou, title: '新标题' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"3"');
    const edited = await h.call('PUT', `/editorial/articles/${article.id}`, {
      token: editor,
      body: { ...dezhou, title: '新标题' },
      headers: { 'if-match': '"3"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"4"');
    expect(edited.body).toMatchObject({ revision: 2, title: '新标题' });
    expect(edited.body.revisions.map((r: any) => r.title)).toEqual([dezhou.title, '新标题']);
    const snapshots = await h.service.exposed.models.revisions
      .find({ articleId: article.id })
      .lean();
    expect(snapshots.map((s) => s.content.title).sort()).toEqual([dezhou.title, '新标题'].sort());
  });

  it('scheduled publishing follows the controllable clock', async () => {
    const article = await submitted({ ...dezhou, title: '定时发布的通知', kind: 'notice' });
    const publishAt = new Date(h.clock.now().getTime() + 3600_000);
    const scheduled = await h.call('POST', `/editorial/articles/${article.id}/approve`, {
      token: chief,
      body: { publishAt: publishAt.toISOString() },
    });
    expect(scheduled.body).toMatchObject({
      status: 'scheduled',
      scheduledAt: publishAt.toISOString(),
    });
    expect(await h.service.exposed.scheduler.runOnce()).toBe(0);
    expect((await h.call('GET', `/articles/${article.id}`)).status).toBe(404);

    h.clock.advance(3600_000 - 1);
    expect(await h.service.exposed.scheduler.runOnce()).toBe(0);
    h.clock.advance(1);
    try {
      expect(await h.service.exposed.scheduler.runOnce()).toBe(1);
      expect(await h.service.exposed.scheduler.runOnce()).toBe(0);
      const detail = await h.call('GET', `/articles/${article.id}`);
      expect(detail.body).toMatchObject({
        status: 'published',
        publishedAt: publishAt.toISOString(),
      });
      await h.waitForEmitted(
        (e) =>
          e.type === 'cn.shuangchuang.news.article.published.v1' && e.data.articleId === article.id,
      );
    } finally {
      h.clock.set(START_TIME);
    }
  });

  it('a schedule in the past or now is a 400 naming publishAt; the article stays in review', async () => {
    const article = await submitted();
    for (const publishAt of [new Date(START_TIME.getTime() - 60_000), START_TIME]) {
      const refused = await h.call('POST', `/editorial/articles/${article.id}/approve`, {
        token: chief,
        body: { publishAt: publishAt.toISOString() },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { path: 'publishAt', message: 'publishAt must be in the future' },
      ]);
    }
    const notADate = await h.call('POST', `/editorial/articles/${article.id}/approve`, {
      token: chief,
      body: { publishAt: 'tomorrow' },
    });
    expect(notADate.status).toBe(400);
    const stored = await h.call('GET', `/editorial/articles/${article.id}`, { token: chief });
    expect(stored.body.status).toBe('in_review');
  });
});

describe('create with Idempotency-Key', () => {
  it('a retry returns the same draft; concurrent retries create one; another body is 422', async () => {
    const headers = idempotencyKey();
    const body = { ...dezhou, title: '幂等创建' };
    const results = await Promise.all(
      [1, 2, 3].map(() => h.call('POST', '/editorial/articles', { token: editor, body, headers })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(
      await h.service.exposed.models.articles.countDocuments({ 'content.title': '幂等创建' }),
    ).toBe(1);
    const other = await h.call('POST', '/editorial/articles', {
      token: editor,
      body: { ...body, title: '另一篇' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ errors: [{ path: 'Idempotency-Key' }] });
    const missing = await h.call('POST', '/editorial/articles', { token: editor, body });
    expect(missing.status).toBe(400);
    const notAscii = await h.call('POST', '/editorial/articles', {
      token: editor,
      body,
      // fetch sends Latin-1 header values only: é is one, but not printable ASCII
      headers: { 'idempotency-key': 'clé-de-brouillon-001' },
    });
    expect(notAscii.status).toBe(400);
    expect(notAscii.body.errors[0].path).toMatch(/idempotency-key/i);
  });

  it('a retry after the draft changed gets the draft as it is now; the key is per user and per operation', async () => {
    const headers = idempotencyKey();
    const body = { ...dezhou, title: '重试时已修改' };
    const first = await h.call('POST', '/editorial/articles', { token: editor, body, headers });
    expect(first.status).toBe(201);
    const edited = await h.call('PUT', `/editorial/articles/${first.body.id}`, {
      token: editor,
      body: { ...body, title: '修改后的标题' },
      headers: { 'if-match': first.headers.get('etag')! },
    });
    expect(edited.status).toBe(200);
    const retry = await h.call('POST', '/editorial/articles', { token: editor, body, headers });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: first.body.id, title: '修改后的标题', version: 2 });
    expect(retry.headers.get('etag')).toBe('"2"');
    // another editor's request with the same key is a request of its own
    const other = await h.call('POST', '/editorial/articles', {
      token: await h.token('editor-2', ['editor']),
      body,
      headers,
    });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
    // so is an import under the key of a create
    const imported = await h.call('POST', '/editorial/imports', {
      token: editor,
      body: { format: 'text', content: '同一个键的导入\n正文第一段，内容足够长以便读取。' },
      headers,
    });
    expect(imported.status).toBe(201);
    expect(imported.body.id).not.toBe(first.body.id);
  });
});

describe('bad input', () => {
  it('unknown fields, invalid dates, oversized bodies and bad kinds are 4xx problem+json with nothing written', async () => {
    const before = await h.service.exposed.models.articles.countDocuments();
    const cases: [unknown, number][] = [
      [{ ...dezhou, secret: 1 }, 400],
      [{ ...dezhou, publishedAt: '2021-13-45T00:00:00Z' }, 400],
      [{ ...dezhou, publishedAt: 'yesterday' }, 400],
      [{ ...dezhou, kind: 'gossip' }, 400],
      [{ ...dezhou, title: '' }, 400],
      [{ ...dezhou, source: { outlet: 'x', $where: 'sleep(1)' } }, 400],
      [{ ...dezhou, bodyHtml: 'x'.repeat(200_001) }, 400],
      [{ ...dezhou, bodyHtml: '字'.repeat(600_000) }, 413],
    ];
    for (const [body, status] of cases) {
      const response = await h.call('POST', '/editorial/articles', {
        token: editor,
        body,
        headers: idempotencyKey(),
      });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const malformed = await h.call('POST', '/editorial/articles', {
      token: editor,
      body: '{"kind":',
      headers: idempotencyKey(),
    });
    expect(malformed.status).toBe(400);
    expect(await h.service.exposed.models.articles.countDocuments()).toBe(before);
  });

  it('bad cursors and unknown query parameters are 400', async () => {
    expect((await h.call('GET', '/articles?cursor=bm9wZQ')).status).toBe(400);
    expect((await h.call('GET', '/articles?sort=evil')).status).toBe(400);
    expect((await h.call('GET', '/articles?limit=1000')).status).toBe(400);
  });
});
