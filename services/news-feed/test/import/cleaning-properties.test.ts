import { comparisonKey, toTraditional } from '@shuangchuang/chinese-text';
import fc from 'fast-check';
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../src/domain/html-sanitiser.js';
import { CleanupLog, cleanPastedHtml, cleanPastedText } from '../../src/import/import-cleaning.js';

// Articles made of these sentences, pasted with the debris of their sources around them.
const SENTENCES = [
  '启迪之星（德州）举办项目路演，十二支团队登台展示。',
  '极有鲜众创空间累计孵化电商团队四十余个。',
  '投资机构对智能制造和新材料项目给出了点评建议。',
  '孵化器今年已为入驻企业对接融资超过三千万元。',
  '苗圃为早期团队提供免费工位和创业导师辅导。',
  '大学科技园联合高校共建中试基地。',
  '加速器二期新增标准厂房八万平方米。',
  '共享实验室向在孵团队开放预约，按机时收费。',
  '县科技局将开展创业担保贷款政策宣讲。',
  '年度考核结果显示，该众创空间获评优秀等次。',
];
const DEBRIS = [
  '点击上方蓝字关注我们',
  '阅读原文',
  '分享 收藏 点赞 在看',
  '[图片]',
  '— 2 —',
  '预览时标签不可点',
];

const paragraph = fc.record({
  sentences: fc.array(fc.nat(SENTENCES.length - 1), { minLength: 1, maxLength: 3 }),
  traditional: fc.boolean(),
  glossAt: fc.option(fc.nat(30)),
  debrisAfter: fc.option(fc.nat(DEBRIS.length - 1)),
});
const article = fc.array(paragraph, { minLength: 1, maxLength: 12 });

function written(p: { sentences: number[]; traditional: boolean; glossAt: number | null }): string {
  let text = p.sentences.map((i) => SENTENCES[i]!).join('');
  if (p.traditional) text = toTraditional(text);
  if (p.glossAt !== null) {
    const chars = [...text];
    const at = p.glossAt % chars.length;
    if (/\p{Script=Han}/u.test(chars[at]!))
      chars[at] += `(${pinyin(chars[at]!, { toneType: 'symbol' })})`;
    text = chars.join('');
  }
  return text;
}

/** Every sentence used is still there, once at least, whatever was dropped around it. */
function expectEverySentence(paragraphs: { sentences: number[] }[], cleanedText: string) {
  const kept = comparisonKey(cleanedText);
  for (const p of paragraphs)
    for (const i of p.sentences) expect(kept).toContain(comparisonKey(SENTENCES[i]!));
}

describe('cleaning a paste, over generated articles', () => {
  it('text: idempotent, and no sentence is lost', () => {
    fc.assert(
      fc.property(article, (paragraphs) => {
        const lines = paragraphs.flatMap((p) => [
          written(p),
          ...(p.debrisAfter !== null ? [DEBRIS[p.debrisAfter]!] : []),
        ]);
        const once = cleanPastedText(lines.join('\n'), new CleanupLog());
        expect(cleanPastedText(once, new CleanupLog())).toBe(once);
        expectEverySentence(paragraphs, once);
        for (const debris of DEBRIS) expect(once.split('\n')).not.toContain(debris);
      }),
      { numRuns: 200 },
    );
  });

  it('WeChat-like HTML: idempotent, and no sentence is lost', () => {
    fc.assert(
      fc.property(article, fc.boolean(), (paragraphs, sections) => {
        const blocks = paragraphs.flatMap((p) => [
          `<p style="text-indent:2em"><span style="font-size:15px">${written(p)}</span></p>`,
          ...(p.debrisAfter !== null ? [`<p><span>${DEBRIS[p.debrisAfter]}</span></p>`] : []),
        ]);
        const html = sections
          ? `<section><section>${blocks.join('</section><section>')}</section></section>`
          : blocks.join('');
        const once = cleanPastedHtml(html, new CleanupLog()).html();
        expect(cleanPastedHtml(once, new CleanupLog()).html()).toBe(once);
        expectEverySentence(paragraphs, textOfHtml(once));
        expect(once).not.toMatch(/<span|<section|style=/);
      }),
      { numRuns: 200 },
    );
  });
});
