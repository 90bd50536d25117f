import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNewsFeedHarness, type NewsFeedHarness } from '../support/news-feed-harness.js';
import { publishDezhouCarriers, QIDI } from '../support/seeds.js';

let h: NewsFeedHarness;

beforeAll(async () => {
  // the seed starts with the service and waits for the registry's carriers to settle
  h = await startNewsFeedHarness({ seedOnFirstStart: { quietMs: 1_000, maxWaitMs: 30_000 } });
  await publishDezhouCarriers(h);
}, 120_000);
afterAll(async () => h?.stop());

describe('first-start seed', () => {
  it('publishes the four seed articles through the import, linked to the carriers they name', async () => {
    expect(await h.service.exposed.seeding).toBe(4);
    const feed = await h.call('GET', '/articles?limit=20');
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((a: any) => a.title)).toEqual([
      '_基地＋平台_全国唯一！德州高创中心获批国家级_双荣誉_',
      '【大众创业 万众创新】科技“双创”激发高质量发展新动能',
      '关于印发《沂源县“苗圃+孵化器+加速器+科技园区”一体化创新创业孵化基地建设方案》的通知',
      '科技部關于第三批國家專業化眾創空間備案示范的通知',
    ]);
    const qidiNews = await h.call('GET', `/articles?carrierId=${QIDI}`);
    expect(qidiNews.body.items).toHaveLength(1);
    // each publication is an event like any approval
    await h.waitForEmitted((e) => e.type.endsWith('article.published.v1'));
  });

  it('publishes nothing when the feed already holds articles (a second instance, a restart)', async () => {
    const other = await h.startAnotherInstance();
    expect(await other.service.exposed.seeding).toBe(0);
    const feed = await other.call('GET', '/articles?limit=20');
    expect(feed.body.items).toHaveLength(4);
  });
});
