import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './registry-harness.js';

const seed002 = readFileSync(
  new URL('../../seed-data/most-notice-2020-73-specialized-maker-spaces.txt', import.meta.url),
  'utf8',
);
const notice2020 = {
  title: '科技部关于第三批国家专业化众创空间备案示范的通知',
  issuer: '科技部',
  documentNumber: '国科发区〔2020〕73号',
  date: '2020-03-25',
  batch: '第三批',
  honorTitle: '国家专业化众创空间',
  level: 'national',
  kind: 'specialized_maker_space',
};

interface ReceivedEvent {
  key: string;
  type: string;
  requestId?: string;
  data: any;
}

let h: Harness;
let admin: string;
let consumer: Consumer;
const events: ReceivedEvent[] = [];
const qingdaoIds: string[] = [];

const q = (params: Record<string, string>) => '?' + new URLSearchParams(params).toString();
const names = (body: any): string[] => body.items.map((item: any) => item.name);

async function waitFor<T>(
  probe: () => T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function qingdaoCarrier(name: string, kind: string, lng: number, lat: number) {
  return {
    kind,
    level: 'municipal',
    name,
    operator: { name: '青岛高新区管委会', type: 'government' },
    location: { province: '山东省', city: '青岛市', district: '高新区', coordinates: { lng, lat } },
    focusIndustries: ['人工智能'],
    services: { professional: ['mentoring'] },
    intake: { accepting: true },
  };
}

beforeAll(async () => {
  h = await startHarness();
  admin = await h.tokenFor(['registry-admin'], 'staff-registry-1');
  const kafka = new Kafka({ brokers: h.brokers, logLevel: logLevel.NOTHING });
  consumer = kafka.consumer({ groupId: 'registry-component-test' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'registry.incubator.v1', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const header = (name: string) => message.headers?.[name]?.toString();
      events.push({
        key: message.key!.toString(),
        type: header('ce_type')!,
        requestId: header('x-request-id'),
        data: JSON.parse(message.value!.toString()),
      });
    },
  });
  for (const [name, kind, lng, lat] of [
    ['青岛高新区创新创业孵化器', 'incubator', 120.3866, 36.2653],
    ['青岛高新区众创空间', 'maker_space', 120.4012, 36.2721],
  ] as const) {
    const created = await h.call('POST', '/carriers', {
      token: admin,
      body: qingdaoCarrier(name, kind, lng, lat),
    });
    expect(created.status).toBe(201);
    qingdaoIds.push(created.body.id);
  }
});

afterAll(async () => {
  await consumer?.disconnect();
  await h?.stop();
});

describe('search', () => {
  it.each([['qingdao'], ['qdgxq'], ['青島'], ['青岛高新区'], ['高新區']])(
    '"%s" finds the 青岛高新区 carriers',
    async (text) => {
      const { status, body } = await h.call('GET', '/carriers' + q({ q: text }));
      expect(status).toBe(200);
      const ids = body.items.map((item: any) => item.id);
      expect(ids).toEqual(expect.arrayContaining(qingdaoIds));
    },
  );

  it('finds a carrier of seed 002 from its traditional name, part of its name, or its operator', async () => {
    const traditional = await h.call('GET', '/carriers' + q({ q: '化工新材料國家專業化眾創空間' }));
    expect(traditional.body.items[0]).toMatchObject({
      name: '化工新材料国家专业化众创空间',
      location: { province: '天津市' },
      honorTitles: ['国家专业化众创空间'],
    });
    const part = await h.call('GET', '/carriers' + q({ q: '膜材料' }));
    expect(names(part.body)[0]).toBe('膜材料国家专业化众创空间');
    const operator = await h.call('GET', '/carriers' + q({ q: '兰石' }));
    expect(names(operator.body)).toContain('能源装备国家专业化众创空间');
    const pinyin = await h.call('GET', '/carriers' + q({ q: 'qidi' }));
    expect(names(pinyin.body)[0]).toBe('启迪之星（德州）');
  });

  it('filters by kind and province (either script, short form) and counts facets over all matches', async () => {
    const { body } = await h.call(
      'GET',
      '/carriers' + q({ kind: 'specialized_maker_space', province: '江蘇' }),
    );
    expect(names(body).sort()).toEqual(
      [
        '膜材料国家专业化众创空间',
        '生物医药国家专业化众创空间',
        '集成电路国家专业化众创空间',
      ].sort(),
    );
    const all = await h.call(
      'GET',
      '/carriers' + q({ kind: 'specialized_maker_space', limit: '5' }),
    );
    expect(all.body.items).toHaveLength(5);
    expect(all.body.facets.kind).toEqual([{ value: 'specialized_maker_space', count: 23 }]);
    expect(all.body.facets.province).toEqual(
      expect.arrayContaining([
        { value: '江苏省', count: 3 },
        { value: '天津市', count: 2 },
        { value: '甘肃省', count: 1 },
      ]),
    );
  });

  it('filters by honor, industry, service, accepting and level', async () => {
    const honor = await h.call('GET', '/carriers' + q({ honor: '国家级众创空间' }));
    expect(names(honor.body)).toEqual(['启迪之星（德州）']);
    const industry = await h.call('GET', '/carriers' + q({ industry: '电子商务' }));
    expect(names(industry.body).sort()).toEqual(
      [
        '极有鲜众创空间',
        '江北特色农产品电商双创基地',
        '鲁中高科创新创业特色示范园科技企业孵化器',
      ].sort(),
    );
    const service = await h.call('GET', '/carriers' + q({ service: 'internationalisation' }));
    expect(names(service.body)).toEqual(['西部创客']);
    const closed = await h.call(
      'GET',
      '/carriers' + q({ accepting: 'false', province: '山东', level: 'national' }),
    );
    expect(names(closed.body).sort()).toEqual(
      ['医学检验国家专业化众创空间', '医疗器械国家专业化众创空间'].sort(),
    );
  });

  it('sorts by distance from a point, nearest first, carriers without coordinates last', async () => {
    const { body } = await h.call(
      'GET',
      '/carriers' +
        q({ sort: 'distance', near: '120.3866,36.2653', province: '山东省', limit: '50' }),
    );
    expect(body.items.map((i: any) => i.id).slice(0, 2)).toEqual(qingdaoIds);
    expect(body.items[0].distanceMeters).toBe(0);
    expect(body.items[1].distanceMeters).toBeGreaterThan(1000);
    expect(body.items[1].distanceMeters).toBeLessThan(3000);
    // every seeded carrier is placed (the gazetteer's centre of its district, city or province)
    const distances = body.items.map((i: any) => i.distanceMeters);
    expect(distances.every((d: unknown) => typeof d === 'number')).toBe(true);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const qidi = body.items.find((i: any) => i.name === '启迪之星（德州）');
    expect(qidi.distanceMeters).toBeGreaterThan(300_000);
    expect(qidi.location.coordinates.approximate).toBeUndefined();
    const yiyuan = body.items.find((i: any) => i.name === '极有鲜众创空间');
    expect(yiyuan.location.coordinates).toMatchObject({ approximate: true });

    // a carrier without coordinates comes after every carrier with them
    const unplaced = await h.call('POST', '/carriers', {
      token: admin,
      body: {
        kind: 'maker_space',
        name: '拉萨无坐标众创空间',
        operator: { name: '拉萨测试运营公司', type: 'company' },
        location: { province: '西藏自治区' },
      },
    });
    expect(unplaced.status).toBe(201);
    const all = await h.call(
      'GET',
      '/carriers' + q({ sort: 'distance', near: '120.3866,36.2653', limit: '100' }),
    );
    const last = all.body.items.at(-1);
    expect(last.id).toBe(unplaced.body.id);
    expect(last.distanceMeters).toBeUndefined();
    // clients building the URL by hand leave the comma as it is
    const raw = await h.call('GET', '/carriers?sort=distance&near=120.3866,36.2653&limit=1');
    expect(raw.status).toBe(200);
    expect(raw.body.items[0].id).toBe(qingdaoIds[0]);
  });

  it('puts carriers accepting applications first among equally good matches', async () => {
    const { body } = await h.call('GET', '/carriers' + q({ limit: '100' }));
    const accepting = body.items.map((i: any) => i.accepting);
    const firstClosed = accepting.indexOf(false);
    expect(firstClosed).toBeGreaterThan(0);
    expect(accepting.slice(firstClosed)).not.toContain(true);
  });

  it('counts the cities of a province as a facet', async () => {
    const { body } = await h.call('GET', '/carriers' + q({ province: '山东省' }));
    const cities = Object.fromEntries(body.facets.city.map((f: any) => [f.value, f.count]));
    expect(cities).toMatchObject({ 德州市: 3, 淄博市: 3, 青岛市: 2, 威海市: 1, 济南市: 1 });
  });

  it('sorts by newest', async () => {
    const { body } = await h.call('GET', '/carriers' + q({ sort: 'newest', province: '山东省' }));
    expect(body.items[0].id).toBe(qingdaoIds[1]);
  });

  it('pages with a cursor through every match exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const params: Record<string, string> = { kind: 'specialized_maker_space', limit: '10' };
      if (cursor) params.cursor = cursor;
      const { status, body } = await h.call('GET', '/carriers' + q(params));
      expect(status).toBe(200);
      seen.push(...body.items.map((item: any) => item.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
  });

  it('treats query text as text: regex characters and operators are never interpreted', async () => {
    for (const text of ['.*', '$where', '{"$ne":null}', '(((', '\\']) {
      const { status, body } = await h.call('GET', '/carriers' + q({ q: text }));
      expect(status, `${text}: ${JSON.stringify(body)}`).toBe(200);
      expect(body.items).toEqual([]);
    }
    const operator = await h.call('GET', '/carriers?q[$ne]=x');
    expect(operator.status).toBe(400);
    expect(operator.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('rejects bad search input with problem+json naming it', async () => {
    const noPoint = await h.call('GET', '/carriers' + q({ sort: 'distance' }));
    expect(noPoint.status).toBe(400);
    expect(noPoint.body.errors).toEqual([
      { path: 'near', message: 'required when sort is distance' },
    ]);
    const badCursor = await h.call('GET', '/carriers' + q({ cursor: 'not-a-cursor' }));
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.type).toBe('https://errors.shuangchuang.dev/validation');
    const badKind = await h.call('GET', '/carriers' + q({ kind: 'hackerspace' }));
    expect(badKind.status).toBe(400);
  });
});

describe('statistics', () => {
  it('counts active carriers by province, kind and level', async () => {
    const { status, body } = await h.call(
      'GET',
      '/statistics' + q({ province: '甘肃', kind: 'specialized_maker_space' }),
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      total: 1,
      items: [{ province: '甘肃省', kind: 'specialized_maker_space', level: 'national', count: 1 }],
    });
    const jiangsu = await h.call('GET', '/statistics' + q({ province: '江苏省' }));
    expect(jiangsu.body.total).toBe(3);
  });
});

describe('staff writes', () => {
  const body = {
    kind: 'accelerator',
    level: 'county',
    name: '沂源县科技企业加速器',
    operator: { name: '鲁中高科公司', type: 'company' },
    location: { province: '山东省', city: '淄博市', district: '沂源县' },
    intake: { accepting: false },
  };
  let id: string;

  it('creates with ETag and Location, and refuses the same carrier again in traditional characters', async () => {
    const created = await h.call('POST', '/carriers', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    id = created.body.id;
    expect(created.headers.get('location')).toBe(`/api/registry/carriers/${id}`);
    expect(created.body).toMatchObject({
      version: 1,
      status: 'active',
      pipeline: { feedsInto: [] },
    });

    const duplicate = await h.call('POST', '/carriers', {
      token: admin,
      body: { ...body, name: '沂源縣科技企業加速器' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.type).toBe('https://errors.shuangchuang.dev/conflict');
  });

  it('updates with If-Match and answers 412 to a stale version', async () => {
    const updated = await h.call('PUT', `/carriers/${id}`, {
      token: admin,
      headers: { 'if-match': '"1"' },
      body: { ...body, focusIndustries: ['新材料'] },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    const stale = await h.call('PUT', `/carriers/${id}`, {
      token: admin,
      headers: { 'if-match': '"1"' },
      body,
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      type: 'https://errors.shuangchuang.dev/precondition-failed',
      currentVersion: 2,
    });
    // RFC 6585: a conditional write without If-Match is 428 Precondition Required
    const missing = await h.call('PUT', `/carriers/${id}`, { token: admin, body });
    expect(missing.status).toBe(428);
    expect(missing.body.type).toBe('https://errors.shuangchuang.dev/precondition-required');
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [
        { ...body, location: { province: '山东省', coordinates: { lng: 36.2, lat: 120.4 } } },
        'lat',
      ],
      [
        { ...body, location: { province: '山东省', coordinates: { lng: 2.35, lat: 48.85 } } },
        'location.coordinates',
      ],
      [{ ...body, kind: 'hackerspace' }, 'kind'],
      [{ ...body, name: '空'.repeat(201) }, 'name'],
      [{ ...body, location: { province: '火星' } }, 'location.province'],
      [{ ...body, pipeline: { feedsInto: [id] } }, 'pipelineNextCarrierIds'],
      [{ ...body, images: [{ url: 'http://example.com/a.jpg' }] }, 'images'],
      [{ ...body, images: [{ url: 'javascript:alert(1)' }] }, 'images'],
    ];
    for (const [bad, field] of cases) {
      const response = await h.call('PUT', `/carriers/${id}`, {
        token: admin,
        headers: { 'if-match': '"2"' },
        body: bad,
      });
      expect(response.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    const unchanged = await h.call('GET', `/carriers/${id}`);
    expect(unchanged.body.version).toBe(2);
  });

  it('keeps photos (https URLs with captions) and approximate coordinates', async () => {
    const images = [{ url: 'https://img.example.cn/yuzhong/hall.jpg', caption: '众创空间大厅' }];
    const location = {
      province: '甘肃省',
      city: '兰州市',
      district: '榆中县',
      coordinates: { lng: 104.1124, lat: 35.8438, approximate: true },
    };
    const created = await h.call('POST', '/carriers', {
      token: admin,
      body: { ...body, name: '榆中县青年创业众创空间', images, location },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ images, location });
    const read = await h.call('GET', `/carriers/${created.body.id}`);
    expect(read.body).toMatchObject({ images, location });
  });

  it('awards an honor once, revokes it, retires, and keeps an audit trail', async () => {
    const honor = {
      title: '省级科技企业加速器',
      level: 'provincial',
      issuer: '山东省科学技术厅',
      year: 2022,
    };
    const awarded = await h.call('POST', `/carriers/${id}/honors`, { token: admin, body: honor });
    expect(awarded.status).toBe(200);
    expect(awarded.body.version).toBe(3);
    const honorId = awarded.body.honors[0].id;
    const again = await h.call('POST', `/carriers/${id}/honors`, { token: admin, body: honor });
    expect(again.body.version).toBe(3);
    const revoked = await h.call('DELETE', `/carriers/${id}/honors/${honorId}`, { token: admin });
    expect(revoked.body).toMatchObject({ version: 4, honors: [] });
    const unknownHonor = await h.call('DELETE', `/carriers/${id}/honors/${honorId}`, {
      token: admin,
    });
    expect(unknownHonor.status).toBe(404);

    // Asked before the retirement, so the answer is cached; the retirement must make it stale.
    const beforeRetire = await h.call('GET', '/carriers' + q({ q: '沂源县科技企业加速器' }));
    expect(beforeRetire.body.items.map((i: any) => i.id)).toContain(id);
    const retired = await h.call('POST', `/carriers/${id}/retire`, {
      token: admin,
      headers: { 'if-match': '"4"' },
      body: { reason: '并入鲁中高科创新创业特色示范园' },
    });
    expect(retired.body).toMatchObject({
      status: 'retired',
      version: 5,
      intake: { accepting: false },
    });
    const afterRetire = await h.call('PUT', `/carriers/${id}`, {
      token: admin,
      headers: { 'if-match': '"5"' },
      body,
    });
    expect(afterRetire.status).toBe(409);
    const search = await h.call('GET', '/carriers' + q({ q: '沂源县科技企业加速器' }));
    expect(search.body.items.map((i: any) => i.id)).not.toContain(id);

    const audit = await h.call('GET', `/carriers/${id}/audit`, { token: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: any) => [e.action, e.version])).toEqual([
      ['retired', 5],
      ['honor-revoked', 4],
      ['honor-awarded', 3],
      ['updated', 2],
      ['created', 1],
    ]);
    expect(audit.body.items[0].actor).toEqual({ userId: 'staff-registry-1', name: '测试员' });
    expect(audit.body.items[3].changes).toEqual([{ field: 'focusIndustries' }]);
    const page = await h.call('GET', `/carriers/${id}/audit?limit=2`, { token: admin });
    const next = await h.call(
      'GET',
      `/carriers/${id}/audit?limit=2&cursor=${page.body.nextCursor}`,
      {
        token: admin,
      },
    );
    expect(next.body.items.map((e: any) => e.action)).toEqual(['honor-awarded', 'updated']);
  });

  it('publishes created, updated, honor-awarded and retired on registry.incubator.v1 through the outbox', async () => {
    const mine = await waitFor(() => {
      const found = events.filter((e) => e.key === id);
      return found.length >= 7 ? found : undefined;
    }, 'the events of the staff-written carrier');
    expect(
      mine.map((e) => [e.type.replace('cn.shuangchuang.registry.incubator.', ''), e.data.version]),
    ).toEqual([
      ['created.v1', 1],
      ['updated.v1', 2],
      ['honor-awarded.v1', 3],
      ['updated.v1', 3],
      ['updated.v1', 4],
      ['retired.v1', 5],
      ['updated.v1', 5],
    ]);
    const updated = mine[1]!.data;
    expect(updated).toMatchObject({
      carrierId: id,
      name: '沂源县科技企业加速器',
      focusIndustries: ['新材料'],
      accepting: false,
      status: 'active',
    });
    expect(mine[5]!.data.reason).toBe('并入鲁中高科创新创业特色示范园');
    expect(mine[0]!.requestId).toBeTruthy();
    // the first start's seed went through the same outbox
    const seededCreated = events.filter((e) => e.type.endsWith('.created.v1'));
    expect(seededCreated.length).toBeGreaterThanOrEqual(23 + 10);
  });

  it('answers 404 problem+json for an unknown carrier', async () => {
    const { status, body } = await h.call('GET', '/carriers/000000000000000000000000');
    expect(status).toBe(404);
    expect(body.type).toBe('https://errors.shuangchuang.dev/not-found');
  });
});

describe('concurrent writes never answer 5xx', () => {
  const carrier = {
    kind: 'nursery',
    level: 'county',
    name: '沂源县创业苗圃',
    operator: { name: '沂源县科技局', type: 'government' },
    location: { province: '山东省', city: '淄博市', district: '沂源县' },
    intake: { accepting: true },
  };

  it('10 simultaneous creates of one carrier: one 201, nine 409, one carrier', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.call('POST', '/carriers', { token: admin, body: carrier }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses, statuses.join()).toEqual([201, ...Array(9).fill(409)]);
    const found = await h.call('GET', '/carriers' + q({ q: '沂源县创业苗圃' }));
    expect(found.body.items.filter((item: any) => item.name === carrier.name)).toHaveLength(1);
  });

  it('10 simultaneous updates from the same version: one 200, nine 412, one new version', async () => {
    const found = await h.call('GET', '/carriers' + q({ q: '沂源县创业苗圃' }));
    const id = found.body.items[0].id;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.call('PUT', `/carriers/${id}`, {
          token: admin,
          headers: { 'if-match': '"1"' },
          body: { ...carrier, focusIndustries: [`行业${i}`] },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses, statuses.join()).toEqual([200, ...Array(9).fill(412)]);
    expect((await h.call('GET', `/carriers/${id}`)).body.version).toBe(2);
  });
});

describe('imports', () => {
  it('previews seed 002 against the seeded registry: all 23 rows unchanged', async () => {
    const { status, body } = await h.call('POST', '/imports', {
      token: admin,
      body: { dryRun: true, notice: notice2020, format: 'text', content: seed002 },
    });
    expect(status).toBe(200);
    expect(body.summary).toEqual({
      rows: 23,
      matched: 0,
      created: 0,
      unchanged: 23,
      ambiguous: 0,
      unparseable: 0,
    });
    expect(body.rows[1]).toMatchObject({ row: 2, outcome: 'unchanged', province: '天津市' });
  });

  it('applies a CSV list (merged province carried down), and a second apply changes nothing', async () => {
    const csv =
      '序號,省份,名稱,依托主體\n1,四川,航空發動機眾創空間,成都航發研究院\n2,,高原農業眾創空間,四川農業研究院\n';
    const notice = {
      ...notice2020,
      documentNumber: '川科发〔2099〕1号',
      honorTitle: '四川省众创空间',
      level: 'provincial',
      kind: 'maker_space',
    };
    const first = await h.call('POST', '/imports', {
      token: admin,
      body: { dryRun: false, notice, format: 'csv', content: csv },
    });
    expect(first.status).toBe(200);
    expect(first.body.summary).toMatchObject({ created: 2, unchanged: 0 });
    expect(first.body.rows[1]).toMatchObject({
      row: 2,
      province: '四川省',
      name: '高原农业众创空间',
      outcome: 'created',
    });
    const createdId = first.body.rows[1].carrierId;
    const second = await h.call('POST', '/imports', {
      token: admin,
      body: { dryRun: false, notice, format: 'csv', content: csv },
    });
    expect(second.body.summary).toMatchObject({ created: 0, unchanged: 2 });
    const carrier = await h.call('GET', `/carriers/${createdId}`);
    expect(carrier.body).toMatchObject({
      version: 1,
      honors: [{ title: '四川省众创空间', level: 'provincial' }],
    });
  });

  it('refuses to apply a list with a malformed row, naming the line, and writes nothing', async () => {
    const content =
      '序号|省份|名称|依托主体\n1|北京|中关村测试众创空间|测试公司\n2|火星|火星众创空间|火星公司';
    const { status, body } = await h.call('POST', '/imports', {
      token: admin,
      body: { dryRun: false, notice: notice2020, format: 'text', content },
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { path: 'content.line.3', message: 'unparseable: "火星" is not a province of China' },
    ]);
    const search = await h.call('GET', '/carriers' + q({ q: '中关村测试众创空间' }));
    expect(search.body.items).toEqual([]);
    const missingMetadata = await h.call('POST', '/imports', {
      token: admin,
      body: { dryRun: true, notice: { title: 'x' }, format: 'text', content },
    });
    expect(missingMetadata.status).toBe(400);
  });
});

describe('authorization matrix', () => {
  const someId = '000000000000000000000001';
  const carrierBody = (name: string) => ({
    kind: 'nursery',
    name,
    operator: { name: '矩阵测试公司', type: 'company' },
    location: { province: '北京市' },
  });
  const staffEndpoints: Array<{
    name: string;
    method: string;
    path: string;
    body?: (n: number) => unknown;
    headers?: Record<string, string>;
  }> = [
    {
      name: 'createCarrier',
      method: 'POST',
      path: '/carriers',
      body: (n) => carrierBody(`矩阵苗圃${n}`),
    },
    {
      name: 'updateCarrier',
      method: 'PUT',
      path: `/carriers/${someId}`,
      body: () => carrierBody('矩阵苗圃'),
      headers: { 'if-match': '"1"' },
    },
    {
      name: 'retireCarrier',
      method: 'POST',
      path: `/carriers/${someId}/retire`,
      body: () => ({ reason: '测试' }),
      headers: { 'if-match': '"1"' },
    },
    {
      name: 'awardHonor',
      method: 'POST',
      path: `/carriers/${someId}/honors`,
      body: () => ({ title: '测试荣誉', level: 'county', issuer: '测试局' }),
    },
    { name: 'revokeHonor', method: 'DELETE', path: `/carriers/${someId}/honors/h1` },
    { name: 'listCarrierAudit', method: 'GET', path: `/carriers/${someId}/audit` },
    {
      name: 'importNotice',
      method: 'POST',
      path: '/imports',
      body: () => ({
        dryRun: true,
        notice: notice2020,
        format: 'text',
        content: '1 | 北京 | 矩阵众创空间 | 矩阵公司 |',
      }),
    },
  ];
  const otherRoles = [
    'founder',
    'editor',
    'chief-editor',
    'reviewer',
    'intake-admin',
    'notification-admin',
  ];

  it('answers 401 without a valid token and 403 to every role but registry-admin, on every staff endpoint', async () => {
    const forged = (await h.tokenFor(['registry-admin'])).slice(0, -4) + 'AAAA';
    let n = 0;
    for (const endpoint of staffEndpoints) {
      for (const [label, token, expected] of [
        ['anonymous', undefined, 401],
        ['forged', forged, 401],
        ...(await Promise.all(
          otherRoles.map(async (role) => [role, await h.tokenFor([role]), 403] as const),
        )),
      ] as Array<[string, string | undefined, number]>) {
        const response = await h.call(endpoint.method, endpoint.path, {
          token,
          body: endpoint.body?.(n++),
          headers: endpoint.headers,
        });
        expect(response.status, `${endpoint.name} as ${label}`).toBe(expected);
        expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
    }
  });

  it('lets registry-admin through on every staff endpoint', async () => {
    const expected: Record<string, number> = {
      createCarrier: 201,
      updateCarrier: 404,
      retireCarrier: 404,
      awardHonor: 404,
      revokeHonor: 404,
      listCarrierAudit: 404,
      importNotice: 200,
    };
    for (const endpoint of staffEndpoints) {
      const response = await h.call(endpoint.method, endpoint.path, {
        token: admin,
        body: endpoint.body?.(1000),
        headers: endpoint.headers,
      });
      expect(response.status, endpoint.name).toBe(expected[endpoint.name]);
    }
  });

  it('serves the public endpoints to anyone, with or without a token', async () => {
    const founder = await h.tokenFor(['founder']);
    for (const token of [undefined, founder]) {
      expect((await h.call('GET', '/carriers', { token })).status).toBe(200);
      expect((await h.call('GET', `/carriers/${qingdaoIds[0]}`, { token })).status).toBe(200);
      expect((await h.call('GET', '/statistics', { token })).status).toBe(200);
    }
  });
});
