import { describe, expect, it } from 'vitest';
import { nearbyCities, spellingSuggestions } from '../src/features/discover/no-result';
import {
  emptyFilters,
  filtersFromParams,
  filtersToParams,
  isFirstScreen,
  noFacetOptions,
  optionText,
  pick,
  pickerOptions,
  rememberFacets,
  toSearchQuery,
  type SearchFacets,
} from '../src/features/discover/search';

const facets = (overrides: Partial<SearchFacets> = {}): SearchFacets => ({
  kind: [
    { value: 'specialized_maker_space', count: 23 },
    { value: 'incubator', count: 6 },
  ],
  level: [{ value: 'national', count: 25 }],
  province: [
    { value: '山东省', count: 8 },
    { value: '甘肃省', count: 5 },
  ],
  city: [
    { value: '德州市', count: 3 },
    { value: '淄博市', count: 3 },
  ],
  industry: [{ value: '电子商务', count: 3 }],
  service: [{ value: 'mentoring', count: 2 }],
  accepting: [
    { value: 'false', count: 24 },
    { value: 'true', count: 9 },
  ],
  ...overrides,
});

describe('discover: filters in the URL', () => {
  it('round-trips every filter through the page parameters', () => {
    const filters = {
      ...emptyFilters,
      text: '启迪',
      kinds: ['incubator' as const],
      levels: ['national' as const, 'provincial' as const],
      province: '山东省',
      city: '德州市',
      industry: '智能制造',
      service: 'mentoring',
      acceptingOnly: true,
      near: { longitude: 116.3594, latitude: 37.4355, label: '德州市' },
    };
    const params = filtersToParams(filters);
    expect(params).toEqual({
      q: '启迪',
      kind: 'incubator',
      level: 'national,provincial',
      province: '山东省',
      city: '德州市',
      industry: '智能制造',
      service: 'mentoring',
      accepting: '1',
      near: '116.3594,37.4355',
      nearLabel: '德州市',
    });
    expect(filtersFromParams(params)).toEqual(filters);
    expect(filtersToParams(emptyFilters)).toEqual({});
  });

  it('drops values a hand-edited link should not carry', () => {
    const filters = filtersFromParams({
      kind: 'incubator,hackerspace',
      level: 'galactic',
      service: 'teleportation',
      near: '1,2,3',
      q: 'x'.repeat(200),
    });
    expect(filters.kinds).toEqual(['incubator']);
    expect(filters.levels).toEqual([]);
    expect(filters.service).toBe('');
    expect(filters.near).toBeNull();
    expect(filters.text).toHaveLength(100);
  });

  it('sends the city with its province', () => {
    expect(toSearchQuery({ ...emptyFilters, province: '山东省', city: '淄博市' })).toEqual({
      limit: 20,
      province: '山东省',
      city: '淄博市',
    });
  });

  it('knows the first screen', () => {
    expect(isFirstScreen(emptyFilters)).toBe(true);
    expect(isFirstScreen({ ...emptyFilters, city: '德州市' })).toBe(false);
    expect(isFirstScreen({ ...emptyFilters, text: ' ' })).toBe(true);
  });
});

describe('discover: pickers fed by the facets', () => {
  it('lists 不限 and the facet values with counts and Chinese labels', () => {
    const options = rememberFacets(noFacetOptions, facets(), emptyFilters);
    expect(pickerOptions(options, 'kind', '').map(optionText)).toEqual([
      '不限',
      '专业化众创空间（23）',
      '科技企业孵化器（6）',
    ]);
    expect(pickerOptions(options, 'service', '').map(optionText)).toEqual([
      '不限',
      '创业辅导（2）',
    ]);
    expect(options.acceptingCount).toBe(9);
  });

  it('keeps the other values of a filtered field pickable', () => {
    const before = rememberFacets(noFacetOptions, facets(), emptyFilters);
    const filtered = { ...emptyFilters, province: '甘肃省' };
    // the answer filtered by province counts only 甘肃省, and 甘肃's cities
    const after = rememberFacets(
      before,
      facets({ province: [{ value: '甘肃省', count: 5 }], city: [{ value: '兰州市', count: 2 }] }),
      filtered,
    );
    expect(after.province.map((f) => f.value)).toEqual(['山东省', '甘肃省']);
    expect(after.city.map((f) => f.value)).toEqual(['兰州市']);
  });

  it('shows a chosen value even when the facets do not list it', () => {
    const options = pickerOptions(noFacetOptions, 'city', '德州市');
    expect(options.map((o) => o.value)).toEqual(['', '德州市']);
  });

  it('a new province resets the city; 不限 clears a list filter', () => {
    expect(pick('province', '甘肃省')).toEqual({ province: '甘肃省', city: '' });
    expect(pick('kind', '')).toEqual({ kinds: [] });
    expect(pick('level', 'national')).toEqual({ levels: ['national'] });
    expect(pick('industry', '电子商务')).toEqual({ industry: '电子商务' });
  });
});

describe('discover: no result', () => {
  it('suggests the pinyin, the initials and a shorter form of a Chinese query', () => {
    expect(spellingSuggestions('启迪之心')).toEqual(['qidizhixin', 'qdzx', '启迪']);
    expect(spellingSuggestions('德州')).toEqual(['dezhou', 'dz']);
    expect(spellingSuggestions('qidi')).toEqual([]);
  });

  it('suggests the nearest cities that have carriers', () => {
    const near = nearbyCities('聊城市', '山东省', [
      { value: '兰州市', count: 2 },
      { value: '德州市', count: 3 },
      { value: '淄博市', count: 3 },
      { value: '济南市', count: 1 },
    ]);
    expect(near.map((c) => c.city)).toEqual(['济南市', '德州市', '淄博市']);
    expect(near[0]).toMatchObject({ province: '山东省', count: 1 });
    expect(near[0]!.meters).toBeLessThan(near[1]!.meters);
    expect(nearbyCities('不存在市', '', [{ value: '德州市', count: 3 }])).toEqual([]);
  });
});
