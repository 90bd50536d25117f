import { describe, expect, it } from 'vitest';
import { sanitizeArticleHtml, textOfHtml } from '../../src/domain/html-sanitiser.js';
import { XSS_VECTORS } from '../fixtures/xss-vectors.js';
import { executableContentIn } from '../support/executable-content.js';

describe('sanitizeArticleHtml', () => {
  it('has a corpus of at least 50 vectors', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(XSS_VECTORS.map((vector, i) => [i, vector]))(
    'vector %i leaves nothing executable',
    (_i, vector) => {
      const clean = sanitizeArticleHtml(`<p>前文</p>${vector}<p>后文</p>`);
      expect(executableContentIn(clean)).toEqual([]);
      expect(clean).toContain('前文');
    },
  );

  it('the checker itself catches what it should', () => {
    expect(executableContentIn('<img src=x onerror=alert(1)>')).not.toEqual([]);
    expect(executableContentIn('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(executableContentIn('<script>alert(1)</script>')).not.toEqual([]);
    expect(executableContentIn('<p style="x">y</p>')).not.toEqual([]);
  });

  it('keeps text structure, links and images', () => {
    const clean = sanitizeArticleHtml(
      '<h2>标题</h2><p>启迪之星（德州）<strong>获批</strong><br><a href="https://example.com/a">原文</a></p><img src="https://static.example.com/a.jpeg" alt="图" data-size="657,337" referrerpolicy="no-referrer">',
    );
    expect(clean).toContain('<h2>标题</h2>');
    expect(clean).toContain('<strong>获批</strong>');
    expect(clean).toContain(
      '<a href="https://example.com/a" rel="noopener noreferrer nofollow">原文</a>',
    );
    expect(clean).toContain('<img alt="图" src="https://static.example.com/a.jpeg" />');
  });

  it('drops script and style content instead of showing it as text', () => {
    expect(sanitizeArticleHtml('<p>a</p><script>alert(1)</script><style>p{}</style>')).toBe(
      '<p>a</p>',
    );
  });

  it('textOfHtml gives the text with paragraph breaks', () => {
    expect(textOfHtml('<p>一&amp;二</p><p>三<br>四</p>')).toBe('一&二\n三\n四');
  });
});
