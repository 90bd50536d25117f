import fc from 'fast-check';
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import {
  cleanChineseText,
  comparisonKey,
  findRepeatedParagraphs,
  joinWrappedLines,
  toTraditional,
} from '../src/index.js';

// Sentences of 双创 news, each different from the others; documents are made of them, some
// repeated, written the ways converters and pastes write them.
export const SENTENCES = [
  '近年来，全省众创空间和科技企业孵化器数量稳步增长。',
  '孵化器为入驻企业提供研发场地和投融资对接服务。',
  '创业导师每月到园区开展一对一辅导。',
  '今年新认定省级众创空间二十六家。',
  '园区联合高校共建中试基地，推动科研成果就地转化。',
  '共享实验室向在孵团队开放预约。',
  '创新券可用于购买检验检测和知识产权服务。',
  '毕业企业中有九家进入加速器继续发展。',
  '路演活动吸引了三十余家投资机构参加。',
  '专业化众创空间围绕产业链布局孵化方向。',
  '县政府出台政策支持返乡青年创业。',
  '大学科技园累计转化专利技术一百余项。',
  '苗圃为早期团队提供免费工位六个月。',
  '科技部公布了第三批国家专业化众创空间名单。',
  '基地将继续优化营商环境，服务实体经济。',
  '平台收费低于市场价格三成。',
];

type Variant = {
  ascii: boolean;
  traditional: boolean;
  gloss: number;
  zeroWidth: boolean;
  digits: boolean;
};

/** A sentence as a paste may have it: other punctuation, traditional, a gloss, invisible characters. */
function written(sentence: string, variant: Variant): string {
  let text = variant.traditional ? toTraditional(sentence) : sentence;
  if (variant.ascii) text = text.replace(/，/g, ',').replace(/。/g, '.').replace(/、/g, ',');
  if (variant.gloss > 0) {
    const chars = [...text];
    const at = variant.gloss % chars.length;
    if (/\p{Script=Han}/u.test(chars[at]!))
      chars[at] += `(${pinyin(chars[at]!, { toneType: 'symbol' })})`;
    text = chars.join('');
  }
  if (variant.zeroWidth) text = text.replace(/(.)(.)/u, '$1\u200B$2');
  if (variant.digits)
    text = text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  return text;
}

const variant = fc.record({
  ascii: fc.boolean(),
  traditional: fc.boolean(),
  gloss: fc.nat(40),
  zeroWidth: fc.boolean(),
  digits: fc.boolean(),
});
const paragraph = fc.record({
  sentences: fc.array(fc.nat(SENTENCES.length - 1), { minLength: 1, maxLength: 3 }),
  variant,
});
const document = fc.array(paragraph, { minLength: 1, maxLength: 14 });

function textOf(paragraphs: { sentences: number[]; variant: Variant }[]): string {
  return paragraphs
    .map((p) => p.sentences.map((i) => written(SENTENCES[i]!, p.variant)).join(''))
    .join('\n');
}

/** The text rules one after another, as an import runs them on the lines of a text. */
function clean(text: string): string {
  const lines = joinWrappedLines(cleanChineseText(text).text.split('\n')).lines;
  const repeated = new Set(findRepeatedParagraphs(lines).map((r) => r.index));
  return lines.filter((_, i) => !repeated.has(i)).join('\n');
}

describe('cleaning, over generated documents', () => {
  it('the sentences survive a round trip through traditional characters (else the test proves nothing)', () => {
    for (const s of SENTENCES) expect(comparisonKey(toTraditional(s))).toBe(comparisonKey(s));
  });

  it('is idempotent: cleaning a cleaned text changes nothing', () => {
    fc.assert(
      fc.property(document, (paragraphs) => {
        const text = textOf(paragraphs);
        const once = clean(text);
        expect(clean(once)).toBe(once);
        expect(cleanChineseText(once).text).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('never drops a sentence that appears once', () => {
    fc.assert(
      fc.property(document, (paragraphs) => {
        const text = textOf(paragraphs);
        const kept = comparisonKey(clean(text));
        const uses = new Map<number, number>();
        for (const p of paragraphs)
          for (const i of p.sentences) uses.set(i, (uses.get(i) ?? 0) + 1);
        for (const [i, count] of uses) {
          // a repeated one is kept at least once too
          expect(kept, `${SENTENCES[i]} (${count}×)`).toContain(comparisonKey(SENTENCES[i]!));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('removes every gloss it is given and nothing else', () => {
    fc.assert(
      fc.property(fc.nat(SENTENCES.length - 1), fc.nat(40), (i, at) => {
        const sentence = SENTENCES[i]!;
        const glossed = written(sentence, {
          ascii: false,
          traditional: false,
          gloss: at + 1,
          zeroWidth: false,
          digits: false,
        });
        expect(cleanChineseText(glossed).text).toBe(sentence);
      }),
      { numRuns: 300 },
    );
  });
});
