import { describe, expect, it } from 'vitest';
import { keywordsOf, normalizeText, segmentWords, warmUp } from '../src/index.js';
import { readSeed } from './fixtures/seeds.js';

describe('segmentation (jieba with the 双创 dictionary)', () => {
  it('loads its dictionaries on warmUp', () => {
    expect(() => warmUp()).not.toThrow();
  });

  it('keeps domain words whole', () => {
    expect(segmentWords('德州众创空间和科技企业孵化器')).toEqual(
      expect.arrayContaining(['众创空间', '科技企业孵化器']),
    );
    expect(segmentWords('创业苗圃毕业企业')).toEqual(['创业苗圃', '毕业企业']);
  });

  it('extracts the characteristic words of an article', () => {
    const keywords = keywordsOf(normalizeText(readSeed('003')), 20);
    expect(keywords).toHaveLength(20);
    expect(keywords).toEqual(expect.arrayContaining(['孵化器', '沂源县']));
  });
});
