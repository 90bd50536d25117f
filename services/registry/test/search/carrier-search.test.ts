// The search engine alone: an in-memory index and the search over it, no database, no HTTP.
import { describe, expect, it } from 'vitest';
import { toCarrierDocument } from '../../src/data-access/carrier-documents.js';
import { searchableOf } from '../../src/data-access/carrier-search-loader.js';
import {
  createCarrier,
  retireCarrier,
  validateCarrierDraft,
} from '../../src/domain/carrier-rules.js';
import type { Carrier } from '../../src/domain/carrier.js';
import {
  CarrierSearch,
  InvalidCursorError,
  type CarrierSearchRequest,
} from '../../src/search/carrier-search.js';
import { CarrierSearchIndex } from '../../src/search/carrier-search-index.js';

let sequence = 0;
function carrier(input: Record<string, unknown>): Carrier {
  sequence++;
  return createCarrier(
    validateCarrierDraft({ intake: { accepting: true }, ...input }),
    `c${String(sequence).padStart(3, '0')}`,
    new Date(Date.UTC(2026, 0, sequence)),
  );
}

const qidi = carrier({
  kind: 'incubator',
  level: 'provincial',
  name: '启迪之星（德州）',
  operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
  location: { province: '山东省', city: '德州市', coordinates: { lng: 116.3594, lat: 37.4355 } },
  focusIndustries: ['智能制造', '新能源'],
  services: { professional: ['mentoring'] },
});
const qingdao = carrier({
  kind: 'maker_space',
  level: 'municipal',
  name: '青岛高新区创客空间',
  operator: { name: '青岛高新区管委会', type: 'government' },
  location: { province: '山东省', city: '青岛市', coordinates: { lng: 120.38, lat: 36.07 } },
  focusIndustries: ['人工智能'],
});
const lanzhou = carrier({
  kind: 'specialized_maker_space',
  level: 'national',
  name: '能源装备国家专业化众创空间',
  operator: { name: '兰州兰石集团有限公司', type: 'company' },
  location: { province: '甘肃省', city: '兰州市' },
  focusIndustries: ['能源装备'],
  intake: { accepting: false },
});

function indexOf(...carriers: Carrier[]): CarrierSearchIndex {
  const index = new CarrierSearchIndex();
  for (const c of carriers) index.put(searchableOf(toCarrierDocument(c)));
  return index;
}

const ask = (search: CarrierSearch, request: Partial<CarrierSearchRequest>) =>
  search.search({ sort: 'relevance', limit: 20, ...request });
const ids = (result: { items: { id: string }[] }) => result.items.map((item) => item.id);
const idsOf = async (result: Promise<{ items: { id: string }[] }>) => ids(await result);

describe('CarrierSearchIndex', () => {
  it('finds carriers by any group of keys and narrows by exact filter values', () => {
    const index = indexOf(qidi, qingdao, lanzhou);
    expect(index.size).toBe(3);
    expect(
      index
        .candidates(undefined)
        .map((c) => c.id)
        .sort(),
    ).toEqual([qidi.id, qingdao.id, lanzhou.id]);
    expect(
      index
        .candidates(undefined, { province: '山东省' })
        .map((c) => c.id)
        .sort(),
    ).toEqual([qidi.id, qingdao.id]);
    expect(index.candidates(undefined, { industry: '能源装备' }).map((c) => c.id)).toEqual([
      lanzhou.id,
    ]);
    expect(index.candidates([['no-such-key']])).toEqual([]);
  });

  it('replaces a carrier put again, removes a retired one, and counts every change', () => {
    const index = indexOf(qidi, qingdao);
    const before = index.generation;
    expect(index.holds(qidi.id, 1)).toBe(true);
    const renamed = { ...qidi, name: '德州创新港', version: 2 };
    index.put(searchableOf(toCarrierDocument(renamed)));
    expect(index.holds(qidi.id, 1)).toBe(false);
    expect(index.holds(qidi.id, 2)).toBe(true);
    expect(index.generation).toBeGreaterThan(before);
    index.put(searchableOf(toCarrierDocument(retireCarrier(qingdao, 1, new Date()))));
    expect(index.size).toBe(1);
    expect(index.candidates(undefined, { city: '青岛市' })).toEqual([]);
  });
});

describe('CarrierSearch', () => {
  const search = new CarrierSearch(indexOf(qidi, qingdao, lanzhou));

  it('matches simplified, traditional, pinyin and initials alike', async () => {
    for (const q of ['启迪之星', '啟迪之星', 'qidi', 'qdzx']) {
      expect(await idsOf(ask(search, { q })), q).toContain(qidi.id);
    }
    expect(await idsOf(ask(search, { q: '青島' }))).toEqual([qingdao.id]);
  });

  it('answers a query of only punctuation, or an unknown province, with nothing', async () => {
    expect((await ask(search, { q: '，。！' })).items).toEqual([]);
    expect((await ask(search, { province: '火星' })).items).toEqual([]);
  });

  it('filters by kind, level, province (any spelling), accepting and industry, and counts facets of all matches', async () => {
    const shandong = await ask(search, { province: '山東' });
    expect(ids(shandong).sort()).toEqual([qidi.id, qingdao.id]);
    expect(shandong.facets.kind).toEqual([
      { value: 'incubator', count: 1 },
      { value: 'maker_space', count: 1 },
    ]);
    expect(await idsOf(ask(search, { kinds: ['specialized_maker_space'] }))).toEqual([lanzhou.id]);
    expect(await idsOf(ask(search, { accepting: false }))).toEqual([lanzhou.id]);
    expect((await idsOf(ask(search, { levels: ['national', 'municipal'] }))).sort()).toEqual(
      [qingdao.id, lanzhou.id].sort(),
    );
    expect(await idsOf(ask(search, { industry: '新能源' }))).toEqual([qidi.id]);
    // facets ignore paging
    expect((await ask(search, { limit: 1 })).facets.province).toEqual([
      { value: '山东省', count: 2 },
      { value: '甘肃省', count: 1 },
    ]);
  });

  it('sorts by distance with the distance shown, carriers without coordinates last', async () => {
    const near = await ask(search, { sort: 'distance', near: { lng: 120.4, lat: 36.1 } });
    expect(ids(near)).toEqual([qingdao.id, qidi.id, lanzhou.id]);
    expect(near.items[0]!.distanceMeters).toBeGreaterThan(0);
    expect(near.items[0]!.distanceMeters).toBeLessThan(5_000);
    expect(near.items[2]!.distanceMeters).toBeUndefined();
  });

  it('pages with keyset cursors: every carrier exactly once, in order, then no cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await ask(search, { sort: 'newest', limit: 1, ...(cursor && { cursor }) });
      seen.push(...ids(result));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual([lanzhou.id, qingdao.id, qidi.id]);
    await expect(ask(search, { cursor: 'not-a-cursor' })).rejects.toThrow(InvalidCursorError);
  });
});
