import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XSS_VECTORS } from '../fixtures/xss-vectors.js';
import { DEZHOU_CENTER, publishDezhouCarriers, QIDI, seed } from '../support/seeds.js';
import { executableContentIn } from '../support/executable-content.js';
import {
  idempotencyKey,
  startNewsFeedHarness,
  type NewsFeedHarness,
} from '../support/news-feed-harness.js';

const JIYOUXIAN = '665f1c2ab8e4a1f3c9d20003';
const YINKE = '665f1c2ab8e4a1f3c9d20004';
let h: NewsFeedHarness;
let editor: string;
let chief: string;
const imported: Record<string, any> = {};

async function importAndPublish(format: string, content: string, extra: object = {}) {
  const response = await h.call('POST', '/editorial/imports', {
    token: editor,
    body: { format, content, ...extra },
    headers: idempotencyKey(),
  });
  expect(response.status).toBe(201);
  // the seeds import clean: nothing for a chief editor to acknowledge
  expect(response.body.openWarnings).toEqual([]);
  const id = response.body.id;
  await h.call('POST', `/editorial/articles/${id}/submit`, { token: editor });
  const published = await h.call('POST', `/editorial/articles/${id}/approve`, {
    token: chief,
    body: {},
  });
  expect(published.status).toBe(200);
  return response.body;
}

beforeAll(async () => {
  h = await startNewsFeedHarness();
  editor = await h.token('editor-1', ['editor']);
  chief = await h.token('chief-1', ['chief-editor']);
  await publishDezhouCarriers(h);
  await h.publishCarrier({ carrierId: JIYOUXIAN, version: 1, name: '极有鲜众创空间' });
  // seed 004's carrier, as the registry's first-start seed registers it
  await h.publishCarrier({ carrierId: YINKE, version: 1, name: '银科思远创业谷孵化基地' });
  await h.carrierVersion(QIDI, 1);
  await h.carrierVersion(DEZHOU_CENTER, 1);
  await h.carrierVersion(JIYOUXIAN, 1);
  await h.carrierVersion(YINKE, 1);
  imported['000'] = await importAndPublish('html', seed('000'));
  imported['003'] = await importAndPublish('text', seed('003'));
  imported['004'] = await importAndPublish('text', seed('004'), {
    originalUrl: 'https://gansu.gscn.com.cn/system/2021/10/19/012650521.shtml',
  });
}, 180_000);
afterAll(async () => h?.stop());

describe('import of the seeds through the API', () => {
  it('seed 000: title, date, source, author, cover; linked to the carriers it names', () => {
    expect(imported['000']).toMatchObject({
      status: 'draft',
      kind: 'news',
      title: '_基地＋平台_全国唯一！德州高创中心获批国家级_双荣誉_',
      publishedAt: '2021-12-01T12:24:01.000Z',
      source: { outlet: '趣头条', author: '趣头条' },
    });
    expect(imported['000'].mentionedCarriers).toEqual(
      expect.arrayContaining([
        { id: QIDI, name: '启迪之星（德州）' },
        { id: DEZHOU_CENTER, name: '德州市高新技术创业服务中心' },
      ]),
    );
  });

  it('seed 003 and 004: titles, dates and sources from the text', () => {
    expect(imported['003']).toMatchObject({
      kind: 'notice',
      title: '关于印发《沂源县“苗圃+孵化器+加速器+科技园区”一体化创新创业孵化基地建设方案》的通知',
      publishedAt: '2021-07-28T16:00:00.000Z',
      source: { outlet: '沂源县人民政府办公室' },
    });
    expect(imported['003'].mentionedCarriers).toEqual([{ id: JIYOUXIAN, name: '极有鲜众创空间' }]);
    expect(imported['004']).toMatchObject({
      kind: 'news',
      title: '【大众创业 万众创新】科技“双创”激发高质量发展新动能',
      publishedAt: '2021-10-19T02:21:00.000Z',
      source: {
        outlet: '中国甘肃网-甘肃日报',
        editor: '张玉芳',
        author: '苏家英',
        originalUrl: 'https://gansu.gscn.com.cn/system/2021/10/19/012650521.shtml',
      },
    });
  });

  it('a carrier lists its news: 启迪之星（德州） has seed 000 only', async () => {
    const news = await h.call('GET', `/articles?carrierId=${QIDI}`);
    expect(news.body.items.map((i: any) => i.id)).toEqual([imported['000'].id]);
    expect(news.body.items[0].mentionedCarriers).toContainEqual({
      id: QIDI,
      name: '启迪之星（德州）',
    });
  });

  it('an import that is not a document is a 400 problem naming content', async () => {
    const response = await h.call('POST', '/editorial/imports', {
      token: editor,
      body: { format: 'html', content: '---\ntitle: [unclosed\n---\n<p>x</p>' },
      headers: idempotencyKey(),
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('content');
  });
});

describe('search and filters', () => {
  const ids = async (query: string) =>
    (await h.call('GET', `/articles?${query}`)).body.items.map((i: any) => i.id);

  it('finds by simplified, traditional and pinyin', async () => {
    expect(await ids(`q=${encodeURIComponent('德州高创中心')}`)).toEqual([imported['000'].id]);
    expect(await ids(`q=${encodeURIComponent('德州高創中心')}`)).toEqual([imported['000'].id]);
    expect(await ids(`q=${encodeURIComponent('孵化基地')}`)).toContain(imported['003'].id);
    expect(await ids('q=yiyuanxian')).toEqual([imported['003'].id]);
    expect(await ids('q=shuangchuang')).toContain(imported['004'].id);
    expect(await ids(`q=${encodeURIComponent('众创空间')}`)).toContain(imported['004'].id);
    expect(await ids(`q=${encodeURIComponent('区块链元宇宙')}`)).toEqual([]);
    expect(await ids(`q=${encodeURIComponent('{"$where":"1"}')}`)).toEqual([]);
  });

  it('pages search results by cursor in the order of one whole page, each item whole', async () => {
    const query = `q=${encodeURIComponent('创业')}`;
    const whole = (await h.call('GET', `/articles?${query}`)).body.items;
    expect(whole.length).toBeGreaterThanOrEqual(2);
    const paged: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await h.call(
        'GET',
        `/articles?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.items).toHaveLength(1);
      paged.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole);
    // list items carry their content and carriers, as the feed's do
    const feed = (await h.call('GET', '/articles')).body.items;
    for (const item of whole) expect(item).toEqual(feed.find((f: any) => f.id === item.id));
  });

  it('filters by kind, tag and region; pages with a cursor, newest first', async () => {
    expect(await ids('kind=notice')).toEqual([imported['003'].id]);
    expect(await ids(`tag=${encodeURIComponent('新媒体')}`)).toEqual([imported['000'].id]);
    expect(await ids(`region=${encodeURIComponent('火星')}`)).toEqual([]);
    const first = await h.call('GET', '/articles?limit=2');
    expect(first.body.items.map((i: any) => i.id)).toEqual([
      imported['000'].id,
      imported['004'].id,
    ]);
    const second = await h.call('GET', `/articles?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: any) => i.id)).toEqual([imported['003'].id]);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('XSS through create and import', () => {
  it(`none of ${XSS_VECTORS.length} vectors survives in a stored body, a published detail or an import`, async () => {
    const stored: string[] = [];
    for (const [i, vector] of XSS_VECTORS.entries()) {
      const created = await h.call('POST', '/editorial/articles', {
        token: editor,
        body: { kind: 'news', title: `向量${i}`, bodyHtml: `<p>正文</p>${vector}` },
        headers: idempotencyKey(),
      });
      expect(created.status).toBe(201);
      stored.push(created.body.bodyHtml);
      const viaImport = await h.call('POST', '/editorial/imports', {
        token: editor,
        body: {
          format: i % 2 ? 'html' : 'markdown',
          content: `---\ntitle: 导入${i}\n---\n${vector}`,
        },
        headers: idempotencyKey(),
      });
      expect(viaImport.status).toBe(201);
      stored.push(viaImport.body.bodyHtml);
    }
    const textImport = await h.call('POST', '/editorial/imports', {
      token: editor,
      body: { format: 'text', content: `标题\n来源:测试 2021-01-01\n${XSS_VECTORS.join('\n')}` },
      headers: idempotencyKey(),
    });
    expect(textImport.status).toBe(201);
    stored.push(textImport.body.bodyHtml);
    for (const html of stored) expect(executableContentIn(html), html).toEqual([]);
    // and what the database holds is what was returned
    const docs = await h.service.exposed.models.articles.find({}, { content: 1 }).lean();
    expect(docs.length).toBeGreaterThanOrEqual(2 * XSS_VECTORS.length + 1);
    for (const doc of docs) expect(executableContentIn(doc.content.bodyHtml ?? '')).toEqual([]);
  }, 180_000);
});

describe('the carrier read model from registry.incubator.v1', () => {
  const draftOf = async (title: string) =>
    (
      await h.call('POST', '/editorial/articles', {
        token: editor,
        body: { kind: 'news', title, bodyHtml: `<p>${title}</p>` },
        headers: idempotencyKey(),
      })
    ).body;

  it('keeps the newest version, links by a traditional alias, and stops linking a retired carrier', async () => {
    const carrierId = '665f1c2ab8e4a1f3c9d20009';
    await h.publishCarrier({
      carrierId,
      version: 2,
      name: '青岛高新区创业苗圃',
      aliases: ['青島高新區創業苗圃'],
    });
    await h.carrierVersion(carrierId, 2);
    // a late, older version changes nothing
    await h.publishCarrier({ carrierId, version: 1, name: '旧名称众创空间', type: 'updated' });
    // a later event, so the stale one has most likely been handled (it may sit on another partition)
    await h.publishCarrier({ carrierId: 'marker-carrier', version: 1, name: '标记用孵化器' });
    await h.carrierVersion('marker-carrier', 1);
    expect(await h.service.exposed.carriers.version(carrierId)).toBe(2);
    expect((await draftOf('青島高新區創業苗圃舉辦路演')).mentionedCarriers).toEqual([
      { id: carrierId, name: '青岛高新区创业苗圃' },
    ]);
    expect((await draftOf('旧名称众创空间')).mentionedCarriers).toEqual([]);

    await h.publishRetired(carrierId, 3);
    await h.carrierVersion(carrierId, 3);
    expect((await draftOf('青岛高新区创业苗圃再获殊荣')).mentionedCarriers).toEqual([]);
  });

  it('applies a batch in partition order: versions out of order, repeated or after a retirement change nothing', async () => {
    const weifang = '665f1c2ab8e4a1f3c9d2000a';
    const yantai = '665f1c2ab8e4a1f3c9d2000b';
    const handled = await h.publishCarrierBatch([
      { type: 'created', carrierId: weifang, version: 1, name: '潍坊创新创业孵化中心' },
      { type: 'created', carrierId: yantai, version: 2, name: '烟台蓝色智谷加速器' },
      {
        type: 'updated',
        carrierId: weifang,
        version: 3,
        name: '潍坊高新区创新创业孵化中心',
        aliases: ['濰坊高新區創新創業孵化中心'],
      },
      { type: 'updated', carrierId: weifang, version: 2, name: '潍坊旧名称孵化中心' },
      { type: 'updated', carrierId: yantai, version: 2, name: '烟台重复版本加速器' },
      { type: 'updated', carrierId: weifang, version: 3, name: '潍坊重复版本孵化中心' },
      { type: 'updated', carrierId: yantai, version: 1, name: '烟台更早名称加速器' },
      { type: 'retired', carrierId: weifang, version: 4 },
      { type: 'updated', carrierId: weifang, version: 3, name: '潍坊高新区创新创业孵化中心' },
    ]);
    await h.registryEventsHandled(handled);
    const copies = await h.service.exposed.models.carriers
      .find({ _id: { $in: [weifang, yantai] } }, { version: 1, name: 1, aliases: 1, status: 1 })
      .sort({ _id: 1 })
      .lean();
    expect(copies).toEqual([
      {
        _id: weifang,
        version: 4,
        name: '潍坊高新区创新创业孵化中心',
        aliases: ['濰坊高新區創新創業孵化中心'],
        status: 'retired',
      },
      { _id: yantai, version: 2, name: '烟台蓝色智谷加速器', aliases: [], status: 'active' },
    ]);
    expect((await draftOf('烟台蓝色智谷加速器开放申报')).mentionedCarriers).toEqual([
      { id: yantai, name: '烟台蓝色智谷加速器' },
    ]);
    expect((await draftOf('烟台重复版本加速器与烟台更早名称加速器')).mentionedCarriers).toEqual([]);
    expect((await draftOf('潍坊高新区创新创业孵化中心路演')).mentionedCarriers).toEqual([]);
  });
});
