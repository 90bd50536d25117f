import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  idempotencyKey,
  startNewsFeedHarness,
  type CallOptions,
  type CallResult,
  type NewsFeedHarness,
} from '../support/news-feed-harness.js';

// The feed and search answer from memory: every check here reads right after the write, without
// waiting, except for another instance's writes (within its poll).
let h: NewsFeedHarness;
let editor: string;
let chief: string;

type Call = (method: string, path: string, options?: CallOptions) => Promise<CallResult>;

async function publish(content: Record<string, unknown>, call: Call = h.call) {
  h.clock.advance(60_000); // each one newer than the last
  const created = await call('POST', '/editorial/articles', {
    token: editor,
    body: { kind: 'news', bodyHtml: `<p>${String(content.title)}</p>`, ...content },
    headers: idempotencyKey(),
  });
  expect(created.status).toBe(201);
  const { id } = created.body;
  expect((await call('POST', `/editorial/articles/${id}/submit`, { token: editor })).status).toBe(
    200,
  );
  const approved = await call('POST', `/editorial/articles/${id}/approve`, {
    token: chief,
    body: {},
  });
  expect(approved.status).toBe(200);
  return approved.body;
}

const ids = async (query: string, call: Call = h.call) => {
  const response = await call('GET', `/articles?${query}`);
  expect(response.status).toBe(200);
  return response.body.items.map((item: { id: string }) => item.id) as string[];
};
const search = (q: string, call: Call = h.call) => ids(`q=${encodeURIComponent(q)}`, call);

beforeAll(async () => {
  h = await startNewsFeedHarness();
  editor = await h.token('editor-1', ['editor']);
  chief = await h.token('chief-1', ['chief-editor']);
}, 120_000);
afterAll(async () => h?.stop());

describe('the published feed in memory follows this instance’s writes at once', () => {
  it('a published article is searchable in simplified, traditional and pinyin, and first in the feed', async () => {
    const article = await publish({
      title: '沂源县创业苗圃获批省级众创空间',
      summary: '沂源县创业苗圃再获认定。',
      region: '山东省淄博市',
      tags: ['众创空间'],
      publishedAt: '2026-11-19T08:00:00Z',
    });
    expect(await search('沂源众创空间')).toEqual([article.id]);
    expect(await search('沂源眾創空間')).toEqual([article.id]);
    expect(await search('yiyuan')).toEqual([article.id]);
    expect(await search('yiyuan zhongchuang')).toEqual([article.id]);
    expect(await search('创业苗圃')).toEqual([article.id]);
    expect(await ids(`region=${encodeURIComponent('山东省淄博市')}`)).toEqual([article.id]);
    expect(await ids(`tag=${encodeURIComponent('众创空间')}&kind=news`)).toEqual([article.id]);
    expect(await ids(`tag=${encodeURIComponent('众创空间')}&kind=policy`)).toEqual([]);
    const item = (await h.call('GET', '/articles?limit=1')).body.items[0];
    expect(item).toMatchObject({
      id: article.id,
      title: article.title,
      summary: article.summary,
      region: '山东省淄博市',
      tags: ['众创空间'],
      publishedAt: '2026-11-19T08:00:00.000Z',
    });
  });

  it('a retracted article is gone from search and the feed', async () => {
    const article = await publish({ title: '青岛海洋科技孵化器路演活动' });
    expect(await search('海洋科技孵化器')).toEqual([article.id]);
    const retracted = await h.call('POST', `/editorial/articles/${article.id}/retract`, {
      token: chief,
      body: { reason: '信息有误' },
    });
    expect(retracted.status).toBe(200);
    expect(await search('海洋科技孵化器')).toEqual([]);
    expect(await ids('limit=100')).not.toContain(article.id);
  });

  it('an edit of a published article re-ranks it and forgets its old words', async () => {
    const exact = await publish({ title: '杭州未来科技城加速器' });
    const other = await publish({ title: '杭州创业大街举办加速器开放日活动' });
    // the title that is the query ranks first, newer or not
    expect(await search('杭州加速器')).toEqual([exact.id, other.id]);
    const current = await h.call('GET', `/editorial/articles/${other.id}`, { token: chief });
    const edited = await h.call('PUT', `/editorial/articles/${other.id}`, {
      token: chief,
      headers: { 'if-match': current.headers.get('etag')! },
      body: { kind: 'news', title: '杭州加速器', bodyHtml: '<p>杭州加速器</p>' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('published');
    expect(await search('杭州加速器')).toEqual([other.id, exact.id]);
    expect(await search('创业大街')).toEqual([]);
  });

  it('search pages by cursor across a publish: no article twice, none left out', async () => {
    const titles = ['成都', '武汉', '西安', '兰州', '深圳'].map(
      (city) => `${city}大学科技园入驻企业`,
    );
    const originals: string[] = [];
    for (const title of titles) originals.push((await publish({ title })).id);
    const query = `q=${encodeURIComponent('大学科技园')}&limit=2`;
    const first = await h.call('GET', `/articles?${query}`);
    expect(first.body.items).toHaveLength(2);
    // a new match that ranks above everything (its title is the query) arrives between pages
    const newcomer = await publish({ title: '大学科技园' });
    const seen: string[] = first.body.items.map((item: { id: string }) => item.id);
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await h.call('GET', `/articles?${query}&cursor=${cursor}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(new Set(seen).size);
    expect(seen.filter((id) => id !== newcomer.id).sort()).toEqual([...originals].sort());
    expect((await ids(query))[0]).toBe(newcomer.id);
  });

  it('the feed pages by cursor across a publish without repeating or skipping', async () => {
    const first = await h.call('GET', '/articles?limit=3');
    const before = await ids('limit=100');
    await publish({ title: '德州高新区新设创新券服务窗口' });
    // newer than every page already served: not in the pages that follow
    const seen: string[] = first.body.items.map((item: { id: string }) => item.id);
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await h.call('GET', `/articles?limit=3&cursor=${cursor}`);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    }
    const newcomer = (await ids('limit=1'))[0];
    expect(before).not.toContain(newcomer);
    expect(seen).toEqual(before);
  });

  it("reads reserved characters in q, region and tag as text (encodeURIComponent leaves !'()* as they are)", async () => {
    const { id } = await publish({ title: '青岛（崂山）创业孵化基地揭牌' });
    for (const q of ['青岛创业孵化基地!', '(崂山)孵化基地*', "'崂山'孵化"]) {
      expect(await search(q), q).toContain(id);
    }
    expect((await h.call('GET', "/articles?region=(none)!&tag=it's*")).status).toBe(200);
  });

  it('bad cursors and parameters are 400 problem+json', async () => {
    const problems = [
      '/articles?cursor=not-a-cursor',
      `/articles?cursor=${Buffer.from('{"t":"x"}').toString('base64url')}`,
      `/articles?q=${encodeURIComponent('孵化器')}&cursor=${Buffer.from('{"o":100000}').toString('base64url')}`,
      '/articles?limit=0',
      '/articles?limit=101',
      `/articles?q=${'a'.repeat(101)}`,
    ];
    for (const path of problems) {
      const response = await h.call('GET', path);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type'), path).toMatch(/application\/problem\+json/);
    }
    // a feed cursor is not a search cursor, and the other way round
    const feedCursor = (await h.call('GET', '/articles?limit=1')).body.nextCursor;
    expect((await h.call('GET', `/articles?q=abc&cursor=${feedCursor}`)).status).toBe(400);
    const searchCursor = (
      await h.call('GET', `/articles?q=${encodeURIComponent('大学科技园')}&limit=1`)
    ).body.nextCursor;
    expect((await h.call('GET', `/articles?cursor=${searchCursor}`)).status).toBe(400);
  });
});

describe('another instance', () => {
  it('loads what was published at its start, and sees writes of the other within its poll', async () => {
    const other = await h.startAnotherInstance();
    // rebuilt from the database at start
    expect(await search('沂源众创空间', other.call)).toHaveLength(1);
    expect(await ids('limit=100', other.call)).toEqual(await ids('limit=100'));

    const article = await publish({ title: '兰州新区孵化基地揭牌' }, other.call);
    expect(await search('兰州新区孵化基地', other.call)).toEqual([article.id]);
    await eventually(async () => (await search('兰州新区孵化基地')).includes(article.id), 10_000);

    await other.call('POST', `/editorial/articles/${article.id}/retract`, {
      token: chief,
      body: { reason: '重复发布' },
    });
    await eventually(async () => (await search('兰州新区孵化基地')).length === 0, 10_000);
    expect(await ids('limit=100')).toEqual(await ids('limit=100', other.call));
  }, 60_000);
});
