import { describe, expect, it } from 'vitest';
import {
  honorLine,
  isFollowing,
  loadCarrierProfile,
  locationLine,
  serviceSections,
  setFollowing,
  statisticRows,
  type Carrier,
} from '../src/features/carrier/profile';
import { fakeApi, problem } from './fake-api';

const qidi: Carrier = {
  id: '665f1c2ab8e4a1f3c9d20001',
  version: 3,
  kind: 'incubator',
  level: 'provincial',
  name: '启迪之星（德州）',
  aliases: ['啟迪之星（德州）'],
  operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
  location: { province: '山东省', city: '德州市', district: '德州经济技术开发区' },
  services: {
    basic: ['space_and_facilities'],
    professional: ['investment_financing', 'mentoring'],
    valueAdded: [],
  },
  honors: [
    {
      id: 'h1',
      title: '国家级众创空间',
      level: 'national',
      issuer: '科技部',
      documentNumber: '国科发区〔2020〕73号',
      batch: '第三批',
      year: 2020,
    },
    {
      id: 'h2',
      title: '2021年度国家中小企业公共服务示范平台',
      level: 'national',
      issuer: '工信部',
    },
  ],
  statistics: { cumulativeIncubated: 150, residentCompanies: 42, areaSquareMeters: 12000 },
  intake: { accepting: true },
  status: 'active',
  createdAt: '2021-12-01T12:24:01Z',
  updatedAt: '2021-12-01T12:30:00Z',
};

describe('carrier profile', () => {
  it('shows honors with their document numbers', () => {
    expect(honorLine(qidi.honors[0]!)).toBe(
      '国家级 · 科技部 · 国科发区〔2020〕73号 · 第三批 · 2020年',
    );
    expect(honorLine(qidi.honors[1]!)).toBe('国家级 · 工信部');
  });

  it('groups services as GB/T 39668 does, leaving out empty groups', () => {
    expect(serviceSections(qidi)).toEqual([
      { title: '基础服务', items: ['场地与设施'] },
      { title: '专业服务', items: ['投融资', '创业辅导'] },
    ]);
    expect(serviceSections({ ...qidi, services: undefined })).toEqual([]);
  });

  it('lists the statistics it has, with units', () => {
    expect(statisticRows(qidi)).toEqual([
      { label: '场地面积', value: '12,000平方米' },
      { label: '在孵企业', value: '42家' },
      { label: '累计孵化', value: '150家' },
    ]);
    expect(locationLine(qidi)).toBe('山东省德州市德州经济技术开发区');
  });

  it('loads the carrier, its news and the follow state', async () => {
    const { clients, calls } = fakeApi(
      {
        'GET /api/registry/carriers/665f1c2ab8e4a1f3c9d20001': () => ({ body: qidi }),
        'GET /api/news-feed/articles': () => ({
          body: {
            items: [{ id: 'a1', kind: 'news', title: '启迪之星获批', mentionedCarriers: [] }],
            nextCursor: null,
          },
        }),
        'GET /api/notification/follows': () => ({
          body: {
            items: [{ carrierId: qidi.id, followedAt: '2026-11-20T02:00:00Z' }],
            nextCursor: null,
          },
        }),
      },
      'tok',
    );
    const profile = await loadCarrierProfile(clients, qidi.id, true);
    expect(profile.carrier.name).toBe('启迪之星（德州）');
    expect(profile.news.map((a) => a.title)).toEqual(['启迪之星获批']);
    expect(profile.following).toBe(true);
    const newsCall = calls.find((c) => c.url.pathname === '/api/news-feed/articles')!;
    expect(newsCall.url.searchParams.get('carrierId')).toBe(qidi.id);
  });

  it('still shows the carrier when news-feed fails, and fails when the registry does', async () => {
    const { clients } = fakeApi({
      'GET /api/registry/carriers/665f1c2ab8e4a1f3c9d20001': () => ({ body: qidi }),
      'GET /api/news-feed/articles': () => problem(502, 'Bad Gateway'),
    });
    const profile = await loadCarrierProfile(clients, qidi.id, false);
    expect(profile.news).toEqual([]);
    expect(profile.following).toBeNull();
    const down = fakeApi({ 'GET /api/registry/carriers/x': () => problem(500, 'Internal') });
    await expect(loadCarrierProfile(down.clients, 'x', false)).rejects.toMatchObject({
      status: 500,
    });
  });

  it('follows through the pages of follows, and treats unfollowing twice as done', async () => {
    const { clients, calls } = fakeApi(
      {
        'GET /api/notification/follows': (call) =>
          call.url.searchParams.get('cursor')
            ? {
                body: {
                  items: [{ carrierId: 'c2', followedAt: '2026-01-01T00:00:00Z' }],
                  nextCursor: null,
                },
              }
            : {
                body: {
                  items: [{ carrierId: 'c1', followedAt: '2026-01-01T00:00:00Z' }],
                  nextCursor: 'p2',
                },
              },
        'PUT /api/notification/follows/c3': () => ({
          body: { carrierId: 'c3', followedAt: '2026-01-01T00:00:00Z' },
        }),
        'DELETE /api/notification/follows/c3': () => problem(404, 'Not Found'),
      },
      'tok',
    );
    expect(await isFollowing(clients.notification, 'c2')).toBe(true);
    expect(await isFollowing(clients.notification, 'c9')).toBe(false);
    expect(await setFollowing(clients.notification, 'c3', true)).toBe(true);
    expect(await setFollowing(clients.notification, 'c3', false)).toBe(false);
    expect(calls.filter((c) => c.method !== 'GET').map((c) => c.method)).toEqual(['PUT', 'DELETE']);
  });
});
