import { describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedProblem, requestFingerprint } from '../src/index.js';

describe('requestFingerprint', () => {
  it('is the same for the same request rebuilt with its keys in another order', () => {
    const first = requestFingerprint(['create', { carrierId: 'c1', content: { a: 1, b: [1, 2] } }]);
    const again = requestFingerprint(['create', { content: { b: [1, 2], a: 1 }, carrierId: 'c1' }]);
    expect(again).toBe(first);
  });

  it('differs when anything in the request differs, array order included', () => {
    const base = requestFingerprint({ op: 'submit', id: 'a1', items: [1, 2] });
    expect(requestFingerprint({ op: 'submit', id: 'a2', items: [1, 2] })).not.toBe(base);
    expect(requestFingerprint({ op: 'submit', id: 'a1', items: [2, 1] })).not.toBe(base);
    expect(requestFingerprint({ op: 'withdraw', id: 'a1', items: [1, 2] })).not.toBe(base);
    expect(requestFingerprint({ op: 'submit', id: 'a1', items: [1, 2], extra: null })).not.toBe(
      base,
    );
  });

  it('treats Chinese text by its characters, not its escaping', () => {
    expect(requestFingerprint({ name: '青岛创业园' })).toBe(
      requestFingerprint(JSON.parse('{"name":"\\u9752\\u5c9b\\u521b\\u4e1a\\u56ed"}')),
    );
  });
});

describe('IdempotencyKeyReusedProblem', () => {
  it('is a 422 naming the header', () => {
    const problem = new IdempotencyKeyReusedProblem();
    expect(problem.status).toBe(422);
    expect(problem.type).toBe('https://errors.shuangchuang.dev/idempotency-key-reused');
    expect(problem.errors).toEqual([
      { path: 'Idempotency-Key', message: expect.stringContaining('different request') },
    ]);
  });
});
