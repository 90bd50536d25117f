import { describe, expect, it } from 'vitest';
import { prepareContent } from '../../src/domain/article-content.js';
import { contentOfDocument } from '../../src/import/document-import.js';
import { beijingDateOf } from '../../src/import/plain-text-document.js';
import { seed } from '../support/seeds.js';

describe('import of the seed documents', () => {
  it('seed 000: HTML with YAML front matter', () => {
    const content = prepareContent(contentOfDocument({ format: 'html', content: seed('000') }));
    expect(content.title).toBe('_基地＋平台_全国唯一！德州高创中心获批国家级_双荣誉_');
    expect(content.publishedAt?.toISOString()).toBe('2021-12-01T12:24:01.000Z');
    expect(content.source).toEqual({ outlet: '趣头条', author: '趣头条' });
    expect(content.coverImageUrl).toContain('fc35fa2d8e0cfcbb8d616ba589398623.jpeg');
    expect(content.tags).toEqual(['新媒体', '趣头条']);
    expect(content.bodyHtml).toContain('启迪之星（德州）累计孵化企业150余家');
    expect(content.bodyHtml).toContain('<img src="https://cors.zfour.workers.dev/');
    expect(content.bodyHtml).not.toContain('referrerpolicy');
    expect(content.summary).toMatch(/^11月22日记者获悉/);
  });

  it('seed 003: a county government notice in plain text', () => {
    const content = prepareContent(contentOfDocument({ format: 'text', content: seed('003') }));
    expect(content.title).toBe(
      '关于印发《沂源县“苗圃+孵化器+加速器+科技园区”一体化创新创业孵化基地建设方案》的通知',
    );
    expect(content.kind).toBe('notice');
    expect(content.source).toEqual({ outlet: '沂源县人民政府办公室' });
    // 2021年7月29日, Beijing midnight
    expect(content.publishedAt?.toISOString()).toBe('2021-07-28T16:00:00.000Z');
    expect(content.bodyHtml).toMatch(/^<p>源政办字〔2021〕47号<\/p>/);
    expect(content.bodyHtml).toContain('一、发展现状');
    expect(content.bodyHtml).not.toContain('扫码使用手机浏览本页内容');
  });

  it('seed 004: a news page with a source and date line', () => {
    const content = prepareContent(contentOfDocument({ format: 'text', content: seed('004') }));
    expect(content.title).toBe('【大众创业 万众创新】科技“双创”激发高质量发展新动能');
    expect(content.kind).toBe('news');
    expect(content.source).toEqual({
      outlet: '中国甘肃网-甘肃日报',
      editor: '张玉芳',
      author: '苏家英',
    });
    // 21-10-19 10:21 Beijing time
    expect(content.publishedAt?.toISOString()).toBe('2021-10-19T02:21:00.000Z');
    expect(content.bodyHtml).toContain('我省认定省级众创空间共145家');
    expect(content.bodyHtml).not.toContain('版权声明');
    expect(content.bodyHtml).not.toContain('即时播报');
    expect(content.bodyHtml).not.toContain('您当前的位置');
  });

  it('markdown with front matter becomes HTML, an original URL is kept', () => {
    const content = prepareContent(
      contentOfDocument({
        format: 'markdown',
        kind: 'policy',
        originalUrl: 'https://www.most.gov.cn/a.html',
        content:
          '---\ntitle: 啟迪之星（德州）獲批\ndate: 2021-12-01\nsource: 科技日报\nregion: 山东省\n---\n\n# 正文\n\n**加粗** [链接](javascript:alert(1))\n',
      }),
    );
    expect(content).toMatchObject({
      kind: 'policy',
      title: '啟迪之星（德州）獲批',
      region: '山东省',
      source: { outlet: '科技日报', originalUrl: 'https://www.most.gov.cn/a.html' },
    });
    expect(content.bodyHtml).toContain('<strong>加粗</strong>');
    expect(content.bodyHtml).not.toContain('javascript');
  });

  it('dates: two-digit years, impossible days refused', () => {
    expect(beijingDateOf('2021年7月29日')?.toISOString()).toBe('2021-07-28T16:00:00.000Z');
    expect(beijingDateOf('2021-02-30')).toBeUndefined();
    expect(beijingDateOf('没有日期')).toBeUndefined();
  });
});
