import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../src/index.js';

describe('AnswerCache', () => {
  it('computes a request once per generation and freezes an answer when it is asked again', () => {
    const cache = new AnswerCache<{ items: string[] }>(10);
    let computed = 0;
    const compute = () => ({ items: [`answer ${++computed}`] });

    const first = cache.answer(1, 'q=青岛', compute);
    expect(Object.isFrozen(first)).toBe(false);
    const again = cache.answer(1, 'q=青岛', compute);
    expect(again).toBe(first);
    expect(Object.isFrozen(again.items)).toBe(true);
    expect(computed).toBe(1);

    // the model changed: every answer is stale
    expect(cache.answer(2, 'q=青岛', compute).items).toEqual(['answer 2']);
    expect(computed).toBe(2);
  });

  it('drops the least recently used answer beyond its capacity', () => {
    const cache = new AnswerCache<{ key: string }>(2);
    let computed = 0;
    const ask = (key: string) =>
      cache.answer(1, key, () => {
        computed++;
        return { key };
      });
    ask('a');
    ask('b');
    ask('a'); // a is now the most recent
    ask('c'); // drops b
    expect(computed).toBe(3);
    ask('a');
    expect(computed).toBe(3);
    ask('b');
    expect(computed).toBe(4);
  });

  it('keeps an answer holding live objects unfrozen when told to', () => {
    const cache = new AnswerCache<{ article: { ordinal: number } }[]>(10, {
      freezeRepeated: false,
    });
    const ranking = cache.answer(1, 'q', () => [{ article: { ordinal: 1 } }]);
    expect(cache.answer(1, 'q', () => [])).toBe(ranking);
    expect(Object.isFrozen(ranking) || Object.isFrozen(ranking[0]!.article)).toBe(false);
  });

  it('with capacity 0 computes every time', () => {
    const cache = new AnswerCache<{ n: number }>(0);
    let computed = 0;
    cache.answer(1, 'k', () => ({ n: ++computed }));
    cache.answer(1, 'k', () => ({ n: ++computed }));
    expect(computed).toBe(2);
  });
});
