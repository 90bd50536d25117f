import { describe, expect, it } from 'vitest';
import type { Article, ArticleStatus } from '../../src/domain/article.js';
import {
  PublishedArticleIndex,
  type ArticleFilter,
} from '../../src/search/published-article-index.js';

// The index against a plain model of what it should hold, over thousands of publications, edits
// (new words, new dates) and retractions in random order: enough replaced versions that the
// posting lists are compacted several times on the way.

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['孵化', '众创', '空间', 'fuhua', '德州', '沂源', '加速', '园区', 'kjy', '苗圃'];
const KINDS = ['news', 'policy'] as const;
const REGIONS = ['山东省德州市', '甘肃省兰州市'];
const TAGS = ['孵化器', '众创空间', '政策'];
const CARRIERS = ['carrier-1', 'carrier-2', 'carrier-3', 'carrier-4'];

interface Expected {
  publishedAtMs: number;
  keys: Set<string>;
  kind: string;
  region?: string;
  tags: string[];
  carrierIds: string[];
}

const NOTHING: Expected = {
  publishedAtMs: 0,
  keys: new Set(),
  kind: 'news',
  tags: [],
  carrierIds: [],
};

function articleOf(
  id: string,
  version: number,
  status: ArticleStatus,
  expected: Expected,
): Article {
  const at = new Date(expected.publishedAtMs);
  return {
    id,
    version,
    revision: version,
    status,
    content: {
      kind: expected.kind as Article['content']['kind'],
      title: id,
      bodyHtml: '',
      ...(expected.region !== undefined && { region: expected.region }),
      tags: expected.tags,
    },
    mentionedCarriers: expected.carrierIds.map((carrierId) => ({ id: carrierId, name: carrierId })),
    publishedAt: at,
    revisions: [],
    createdBy: 'test',
    createdAt: at,
    updatedAt: new Date(Date.UTC(2026, 10, 20) + version),
  };
}

describe('PublishedArticleIndex', () => {
  it('answers as a plain scan of what is published would, through edits, retractions and compactions', async () => {
    const index = new PublishedArticleIndex((article) => ({ id: article.id }));
    await index.load([]);
    const next = random(8);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const published = new Map<string, Expected>();
    const versions = new Map<string, number>();
    const ids = Array.from({ length: 150 }, (_, i) => `article-${String(i).padStart(3, '0')}`);
    const newestFirst = (a: [string, Expected], b: [string, Expected]) =>
      b[1].publishedAtMs - a[1].publishedAtMs || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0);
    let inserted = 0;

    /** one of the feed's filter combinations, and the same as a test of the model */
    const someFilter = (): [ArticleFilter, (e: Expected) => boolean] => {
      const filter: ArticleFilter = {};
      if (next() < 0.5) filter.kind = pick(KINDS);
      if (next() < 0.3) filter.region = pick(REGIONS);
      if (next() < 0.3) filter.tag = pick(TAGS);
      if (next() < 0.3) filter.carrierId = pick(CARRIERS);
      const test = (e: Expected) =>
        (filter.kind === undefined || e.kind === filter.kind) &&
        (filter.region === undefined || e.region === filter.region) &&
        (filter.tag === undefined || e.tags.includes(filter.tag)) &&
        (filter.carrierId === undefined || e.carrierIds.includes(filter.carrierId));
      return [filter, test];
    };

    const check = () => {
      const groups = [[pick(KEYS)], [pick(KEYS), pick(KEYS)]];
      const [filter, passes] = someFilter();
      const label = JSON.stringify({ groups, filter });
      const expectedMatches = [...published]
        .filter(([, e]) => passes(e) && groups.every((group) => group.some((k) => e.keys.has(k))))
        .sort(newestFirst)
        .map(([id]) => id);
      const matched = index.newestMatching(groups, filter, 1_000).map((a) => a.id);
      expect(matched, label).toEqual(expectedMatches);
      expect(
        index.newestMatching(groups, filter, 3).map((a) => a.id),
        label,
      ).toEqual(expectedMatches.slice(0, 3));
      // a single group (the walked list is the group's own, or its keys' union)
      const single = [[pick(KEYS), pick(KEYS)]];
      expect(index.newestMatching(single, {}, 1_000).map((a) => a.id)).toEqual(
        [...published]
          .filter(([, e]) => single[0]!.some((k) => e.keys.has(k)))
          .sort(newestFirst)
          .map(([id]) => id),
      );

      const feed = [...published].sort(newestFirst);
      expect(index.newest(undefined, {}, 1_000).map((a) => a.id)).toEqual(feed.map(([id]) => id));
      const filtered = feed.filter(([, e]) => passes(e));
      expect(
        index.newest(undefined, filter, 1_000).map((a) => a.id),
        label,
      ).toEqual(filtered.map(([id]) => id));
      // from a cursor, without and with the filters
      for (const [list, withFilter] of [
        [feed, {}],
        [filtered, filter],
      ] as const) {
        const middle = list[Math.floor(list.length / 2)];
        if (!middle) continue;
        const after = { t: middle[1].publishedAtMs, id: middle[0] };
        expect(
          index.newest(after, withFilter, 5).map((a) => a.id),
          label,
        ).toEqual(
          list
            .slice(Math.floor(list.length / 2) + 1, Math.floor(list.length / 2) + 6)
            .map(([id]) => id),
        );
      }
      expect(index.size).toBe(published.size);
    };

    for (let step = 0; step < 4_000; step++) {
      const id = pick(ids);
      const version = (versions.get(id) ?? 0) + 1;
      versions.set(id, version);
      if (published.has(id) && next() < 0.3) {
        published.delete(id);
        index.put(articleOf(id, version, 'retracted', NOTHING), undefined);
      } else {
        // dates collide often (ties are broken by id) and arrive out of order
        const expected: Expected = {
          publishedAtMs: Date.UTC(2026, 0, 1) + Math.floor(next() * 400) * 60_000,
          keys: new Set(Array.from({ length: 2 + Math.floor(next() * 4) }, () => pick(KEYS))),
          kind: pick(KINDS),
          ...(next() < 0.8 && { region: pick(REGIONS) }),
          tags: TAGS.filter(() => next() < 0.4),
          carrierIds: CARRIERS.filter(() => next() < 0.3),
        };
        published.set(id, expected);
        inserted += expected.keys.size;
        index.put(articleOf(id, version, 'published', expected), [...expected.keys]);
      }
      if (step % 50 === 0) check();
    }
    check();
    // replaced versions were dropped from the lists along the way
    const live = [...published.values()].reduce((sum, e) => sum + e.keys.size, 0);
    const { entries } = index.statistics();
    expect(entries).toBeLessThan(inserted / 2);
    expect(entries).toBeLessThanOrEqual(live + 1_025 * KEYS.length);
    // a late, older version changes nothing
    const [someId, someExpected] = [...published][0]!;
    index.put(articleOf(someId, 1, 'retracted', someExpected), undefined);
    expect(index.newest(undefined, {}, 1_000).map((a) => a.id)).toContain(someId);
  }, 60_000);

  it('a bulk load (out of order, an id met twice, a retraction) answers as the same articles put one by one', async () => {
    const keysOf = (i: number) => [KEYS[i % KEYS.length]!, KEYS[(i * 3) % KEYS.length]!];
    const expectedOf = (i: number): Expected => ({
      publishedAtMs: Date.UTC(2026, 0, 1) + ((i * 7919) % 50) * 60_000,
      keys: new Set(keysOf(i)),
      kind: KINDS[i % 2]!,
      tags: [TAGS[i % 3]!],
      carrierIds: [CARRIERS[i % 4]!],
    });
    const writes = Array.from({ length: 60 }, (_, i) => ({
      article: articleOf(`bulk-${i % 45}`, Math.floor(i / 45) + 1, 'published', expectedOf(i)),
      searchKeys: keysOf(i),
    }));
    writes.push({
      article: articleOf('bulk-3', 9, 'retracted', NOTHING),
      searchKeys: [],
    });
    const loaded = new PublishedArticleIndex((article) => ({ id: article.id }));
    await loaded.load(writes);
    const oneByOne = new PublishedArticleIndex((article) => ({ id: article.id }));
    for (const { article, searchKeys } of writes) oneByOne.put(article, searchKeys);
    expect(loaded.size).toBe(44);
    const answers = (index: PublishedArticleIndex) => [
      index.newest(undefined, {}, 100).map((a) => a.id),
      index.newest(undefined, { kind: 'policy', carrierId: 'carrier-2' }, 100).map((a) => a.id),
      ...KEYS.map((key) => index.newestMatching([[key]], {}, 100).map((a) => a.id)),
      index
        .newestMatching([[KEYS[0]!, KEYS[1]!], [KEYS[3]!]], { tag: TAGS[1]! }, 100)
        .map((a) => a.id),
    ];
    expect(answers(loaded)).toEqual(answers(oneByOne));
    expect(loaded.newest(undefined, {}, 100).map((a) => a.id)).not.toContain('bulk-3');
  });
});
