import { describe, expect, it } from 'vitest';
import { analyzeQuery, escapeRegex, searchKeyFilter } from '../src/index.js';

const HOSTILE = [
  '.*',
  '^青岛$',
  '(a+)+$',
  '[^]*',
  '\\',
  '{"$where": "sleep(1000)"}',
  '{"$ne": null}',
  '$where: function() { return true }',
  '$regex',
  'name[$gt]=',
  "'; db.dropDatabase(); //",
  '__proto__',
  'constructor.prototype',
  '青岛.*|德州',
  '＄ｗｈｅｒｅ',
];

/** Every string value anywhere in a filter object. */
function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringValues);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringValues);
  return [];
}

/** Every key anywhere in a filter object. */
function objectKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(objectKeys);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...objectKeys(inner)]);
  }
  return [];
}

describe('query text is only ever text', () => {
  it.each(HOSTILE)('%s becomes plain keys of Han characters, a–z and 0–9', (text) => {
    const query = analyzeQuery(text);
    for (const token of query.tokens) expect(token).toMatch(/^[\p{Script=Han}a-z0-9]+$/u);
  });

  it.each(HOSTILE)('%s builds a filter whose only operators are the ones we put there', (text) => {
    const filter = searchKeyFilter('searchKeys', analyzeQuery(text));
    const operators = objectKeys(filter).filter((key) => key.startsWith('$'));
    expect(new Set(operators)).toSatisfy((found: Set<string>) =>
      [...found].every((operator) => ['$and', '$all', '$in'].includes(operator)),
    );
    for (const value of stringValues(filter)) expect(value).not.toContain('$');
  });

  it('keeps the words inside operator-looking input as words', () => {
    expect(analyzeQuery('{"$where": "sleep(1000)"}').tokens).toEqual(
      expect.arrayContaining(['where', 'sleep', '1000']),
    );
    expect(analyzeQuery('青岛.*|德州').groups).toEqual([['青岛'], ['德州']]);
  });

  it('cuts a long pathological input before working on it', () => {
    const query = analyzeQuery('(a+)+'.repeat(100_000) + '青岛'.repeat(100_000));
    expect(query.text.length).toBeLessThanOrEqual(4 * 64);
    expect(Array.from(query.normalized).length).toBeLessThanOrEqual(64);
    expect(query.groups.length).toBeLessThanOrEqual(12);
  });

  it('takes anything but a string as an empty query', () => {
    for (const parsed of [{ $ne: null }, ['青岛'], 42, null, undefined]) {
      const query = analyzeQuery(parsed);
      expect(query.groups).toEqual([]);
      expect(searchKeyFilter('searchKeys', query)).toBeUndefined();
    }
  });
});

describe('escapeRegex', () => {
  it.each(HOSTILE)('%s matches itself literally and nothing else', (text) => {
    const pattern = new RegExp(`^${escapeRegex(text)}$`, 'u');
    expect(pattern.test(text)).toBe(true);
    expect(pattern.test(text + 'x')).toBe(false);
    expect(pattern.test('青岛')).toBe(text === '青岛');
  });
});
