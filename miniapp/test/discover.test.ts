import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  emptyFilters,
  formatDistance,
  searchCarriers,
  toSearchQuery,
  toggle,
} from '../src/features/discover/search';
import { fakeApi } from './fake-api';

describe('discover: the search query', () => {
  it('sends only what is set, Chinese or pinyin text as typed', () => {
    expect(toSearchQuery(emptyFilters)).toEqual({ limit: 20 });
    expect(toSearchQuery({ ...emptyFilters, text: '  qidi ' })).toEqual({ limit: 20, q: 'qidi' });
    expect(toSearchQuery({ ...emptyFilters, text: '啟迪之星' }).q).toBe('啟迪之星');
    expect(toSearchQuery({ ...emptyFilters, text: 'x'.repeat(150) }).q).toHaveLength(100);
  });

  it('maps every filter to its parameter', () => {
    expect(
      toSearchQuery(
        {
          ...emptyFilters,
          kinds: ['incubator', 'specialized_maker_space'],
          levels: ['national'],
          province: '山东省',
          industry: '智能制造',
          service: 'mentoring',
          acceptingOnly: true,
        },
        'cursor-1',
      ),
    ).toEqual({
      limit: 20,
      kind: ['incubator', 'specialized_maker_space'],
      level: ['national'],
      province: '山东省',
      industry: '智能制造',
      service: 'mentoring',
      accepting: true,
      cursor: 'cursor-1',
    });
  });

  it('sorts by distance only once the user granted location, in the API near format', () => {
    const query = toSearchQuery({
      ...emptyFilters,
      near: { longitude: 116.35944, latitude: 37.43551, label: '我的位置' },
    });
    expect(query.sort).toBe('distance');
    expect(query.near).toBe('116.3594,37.4355');
    expect(query.near).toMatch(/^-?\d{1,3}(\.\d+)?,-?\d{1,2}(\.\d+)?$/);
    expect(toSearchQuery(emptyFilters).sort).toBeUndefined();
  });

  it('counts active filters and toggles chips', () => {
    expect(activeFilterCount(emptyFilters)).toBe(0);
    expect(
      activeFilterCount({
        ...emptyFilters,
        kinds: ['incubator'],
        acceptingOnly: true,
        province: '山东省',
      }),
    ).toBe(3);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggle(['b'], 'a')).toEqual(['b', 'a']);
  });

  it('formats distances in Chinese', () => {
    expect(formatDistance(undefined)).toBeNull();
    expect(formatDistance(850.4)).toBe('850米');
    // to a district's or city's centre: whole kilometres, never a precise-looking 0米
    expect(formatDistance(0, true)).toBe('1公里内');
    expect(formatDistance(12_345, true)).toBe('约12公里');
    expect(formatDistance(1250)).toBe('1.3公里');
    expect(formatDistance(23_400)).toBe('23公里');
  });

  it('searches the registry and returns its page', async () => {
    const { clients, calls } = fakeApi({
      'GET /api/registry/carriers': () => ({
        body: {
          items: [
            {
              id: '665f1c2ab8e4a1f3c9d20001',
              kind: 'incubator',
              name: '启迪之星（德州）',
              location: { province: '山东省', city: '德州市' },
              honorTitles: ['国家级众创空间'],
              accepting: true,
            },
          ],
          nextCursor: null,
          facets: {},
        },
      }),
    });
    const page = await searchCarriers(clients.registry, { ...emptyFilters, text: 'qidi' });
    expect(page.items[0]!.honorTitles).toEqual(['国家级众创空间']);
    expect(calls[0]!.url.search).toBe('?limit=20&q=qidi');
  });
});
