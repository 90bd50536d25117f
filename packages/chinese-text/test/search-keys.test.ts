import { describe, expect, it } from 'vitest';
import { analyzeQuery, buildSearchKeys, normalizeText, SEARCH_KEY_DEFAULTS } from '../src/index.js';
import { matchesKeys } from './fixtures/search-corpus.js';
import { readSeed } from './fixtures/seeds.js';

/** Title and body of a seed document (first non-empty line as title). */
function article(number: string) {
  const text = readSeed(number)
    .replace(/<[^>]+>/g, ' ')
    .replace(/^---[\s\S]*?---/, '');
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return { title: lines[0], body: lines.slice(1).join('\n') };
}

describe('buildSearchKeys', () => {
  it('gives a name every kind of key of the scheme', () => {
    const keys = buildSearchKeys([{ text: '青岛高新区' }]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ...['青', '岛', '青岛', '岛高', '高新', '新区'],
        ...['qing', 'dao', 'qingdao', 'daogao', 'gaoxin', 'xinqu'],
        ...['qingd', 'qd', 'qdg', 'qdgx', 'qdgxq', 'gxq'],
      ]),
    );
  });

  it('indexes Latin words and numbers, lower-cased, and full-width ones too', () => {
    const keys = buildSearchKeys([{ text: 'TusStar 启迪之星 ２０２１年度 GB/T 39668' }]);
    expect(keys).toEqual(expect.arrayContaining(['tusstar', '2021', 'gb', '39668']));
    expect(keys).not.toContain('t');
  });

  it('gives the same keys to simplified and traditional text', () => {
    expect(buildSearchKeys([{ text: '專業化眾創空間' }]).sort()).toEqual(
      buildSearchKeys([{ text: '专业化众创空间' }]).sort(),
    );
  });

  it('bounds the keys of long articles (seeds 000, 003, 004)', () => {
    for (const number of ['000', '003', '004']) {
      const { title, body } = article(number);
      expect(body.length).toBeGreaterThan(1500);
      const keys = buildSearchKeys([
        { text: title, weight: 3 },
        { text: body, weight: 1 },
      ]);
      expect(keys.length).toBeLessThanOrEqual(SEARCH_KEY_DEFAULTS.maxKeys);
      // The body is indexed sparsely: far fewer keys than its distinct bigrams.
      const bodyKeys = buildSearchKeys([{ text: body }]);
      const chars = Array.from(normalizeText(body).replace(/\P{Script=Han}/gu, ''));
      const bigrams = new Set(chars.slice(1).map((char, i) => chars[i] + char));
      expect(bodyKeys.length).toBeLessThan(bigrams.size / 3);
    }
  });

  it('finds an article by its title richly and by the main words of its body', () => {
    const { title, body } = article('003');
    const keys = buildSearchKeys([
      { text: title, weight: 3 },
      { text: body, weight: 1 },
    ]);
    for (const query of ['沂源县', 'yiyuan', '孵化器', '苗圃', '众创空间', 'yyx']) {
      expect(matchesKeys(keys, analyzeQuery(query)), query).toBe(true);
    }
    expect(matchesKeys(keys, analyzeQuery('青岛'))).toBe(false);
  });

  it('keeps the heavier fields when the cap is reached', () => {
    const keys = buildSearchKeys(
      [
        { text: article('004').body, weight: 1 },
        { text: '启迪之星（德州）', weight: 5 },
      ],
      { maxKeys: 60 },
    );
    expect(keys).toHaveLength(60);
    for (const query of ['启迪之星', 'qidi', 'qdzx']) {
      expect(matchesKeys(keys, analyzeQuery(query)), query).toBe(true);
    }
  });

  it('reads at most maxFieldChars characters of a huge field', () => {
    const body = article('003').body;
    const huge = body + '青岛'.repeat(500_000);
    expect(buildSearchKeys([{ text: huge }], { maxFieldChars: body.length })).toEqual(
      buildSearchKeys([{ text: body }]),
    );
  });

  it('skips a field whose text is missing', () => {
    const keys = buildSearchKeys([{ text: undefined as unknown as string }, { text: '青岛' }]);
    expect(keys).toContain('qingdao');
  });

  it('indexes the head of a long full field fully and its tail by keywords', () => {
    const long = '启迪之星（德州）' + '众创空间孵化服务'.repeat(40);
    const keys = buildSearchKeys([{ text: long, depth: 'full' }], { fullTextChars: 16 });
    expect(keys).toContain('qdzx');
    expect(keys.length).toBeLessThan(300);
  });
});
