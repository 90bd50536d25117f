import { describe, expect, it } from 'vitest';
import {
  cleanChineseText,
  comparisonKey,
  findRepeatedParagraphs,
  findWrittenDates,
  joinWrappedLines,
  normalizeSpaces,
  removeInvisibleCharacters,
  removeReadingGlosses,
  scriptShare,
  splitSentences,
  toHalfWidthAlphanumerics,
  wrapWidth,
  yearInContext,
  zhuyinOfSyllable,
} from '../src/index.js';
import { readSeed } from './fixtures/seeds.js';

describe('character rules', () => {
  it('removes zero-width, control and private-use characters, counting them', () => {
    expect(removeInvisibleCharacters('孵\u200B化\uFEFF器\u0007\uF0B7')).toEqual({
      text: '孵化器',
      count: 4,
    });
    expect(removeInvisibleCharacters('第一行\n第二行\t').count).toBe(0);
  });

  it('turns no-break and ideographic spaces into spaces', () => {
    expect(normalizeSpaces('\u3000\u3000近年来\u00a0孵化器')).toEqual({
      text: '  近年来 孵化器',
      count: 3,
    });
  });

  it('makes full-width digits and letters half-width, not full-width punctuation', () => {
    expect(toHalfWidthAlphanumerics('２０２３年ＡＩ企业（第三批），')).toEqual({
      text: '2023年AI企业（第三批），',
      count: 6,
    });
  });
});

describe('reading glosses', () => {
  const cleaned = (text: string) => cleanChineseText(text).text;

  it.each([
    ['孵(fū)化器', '孵化器'],
    ['棧（zhàn）道', '棧道'],
    ['栈(zhan4)道', '栈道'],
    ['栈 (ㄓㄢˋ)道', '栈道'],
    ['孵(ㄈㄨ)化', '孵化'],
    ['孵化(fū huà)器', '孵化器'],
    ['孵化(fūhuà)器', '孵化器'],
    ['传感(chuan2 gan3)器', '传感器'],
    ['孵(fu)化', '孵化'],
    ['重(chóng)庆', '重庆'],
    ['重(zhòng)要', '重要'],
    ['行(háng)业', '行业'],
    ['綠(lǜ)色', '綠色'],
    ['绿(lv4)色', '绿色'],
    ['一(yí)个', '一个'],
    ['孵(fū)(fū)化', '孵化'],
    ['啟(qǐ)迪之星（德州）', '啟迪之星（德州）'],
  ])('%s → %s (a reading of the characters before it)', (input, output) => {
    expect(cleaned(input)).toBe(output);
  });

  it.each([
    '暂行办法(2020)',
    '管理办法(试行)',
    '示范名单（第三批）',
    '来自北京(Beijing)',
    '青岛(Qingdao)',
    '项目(A)',
    '项目(a)',
    '孵(zhàn)化',
    '栈(ㄈㄨ)道',
    '(fū)开头',
    'GB/T 39668(fū)',
  ])('%s stays: not a reading of the character before it', (input) => {
    expect(cleaned(input)).toBe(input);
  });

  it('tells where each gloss was', () => {
    expect(removeReadingGlosses('累计孵(fū)化').glosses).toEqual([
      { characters: '孵', gloss: '(fū)', start: 3, end: 7 },
    ]);
  });

  it('spells pinyin in zhuyin', () => {
    expect(
      ['zhan', 'lv', 'ju', 'yuan', 'zhi', 'bo', 'a', 'er', 'wu', 'xiong', 'jue', 'qun'].map(
        zhuyinOfSyllable,
      ),
    ).toEqual([
      'ㄓㄢ',
      'ㄌㄩ',
      'ㄐㄩ',
      'ㄩㄢ',
      'ㄓ',
      'ㄅㄛ',
      'ㄚ',
      'ㄦ',
      'ㄨ',
      'ㄒㄩㄥ',
      'ㄐㄩㄝ',
      'ㄑㄩㄣ',
    ]);
    expect(zhuyinOfSyllable('xyz')).toBeUndefined();
  });
});

describe('sentences and comparison keys', () => {
  it('splits at sentence ends and line breaks, not in numbers or addresses', () => {
    expect(splitSentences('共145家。增长3.5%!见www.most.gov.cn;完\n下一行')).toEqual([
      '共145家。',
      '增长3.5%!',
      '见www.most.gov.cn;',
      '完',
      '下一行',
    ]);
  });

  it('compares across script, width, punctuation and spaces', () => {
    expect(comparisonKey('啟迪之星（德州）, ２０２１ 年。')).toBe(
      comparisonKey('启迪之星(德州)，2021年.'),
    );
  });
});

describe('repeated paragraphs', () => {
  const long = '近年来，我省以高质量发展众创空间为重点。截至目前共145家。';
  it('drops exact and near-exact repeats and keeps the first', () => {
    expect(
      findRepeatedParagraphs([
        long,
        '一',
        '近年来,我省以高质量发展众创空间为重点.截至目前共145家.',
        '一',
        '二',
        '近年來，我省以高質量發展眾創空間為重點。截至目前共145家。',
        '新的一句话。',
      ]),
    ).toEqual([
      { index: 2, firstIndex: 0 },
      { index: 3, firstIndex: 1 },
      { index: 5, firstIndex: 0 },
    ]);
  });

  it('drops a block cut into paragraphs differently', () => {
    expect(
      findRepeatedParagraphs([
        '近年来，我省以高质量发展众创空间为着力点。',
        '截至目前，我省认定省级众创空间共145家。',
        '近年来，我省以高质量发展众创空间为着力点。截至目前，我省认定省级众创空间共145家。',
      ]),
    ).toEqual([{ index: 2, firstIndex: 0 }]);
  });

  it('keeps short lines that recur on their own (signatures, headings) and new sentences', () => {
    expect(
      findRepeatedParagraphs([
        '沂源县人民政府办公室',
        '正文第一段很长很长很长很长很长很长很长。',
        '沂源县人民政府办公室',
      ]),
    ).toEqual([]);
    expect(findRepeatedParagraphs([long, `${long}又有一句新话。`])).toEqual([]);
  });
});

describe('wrapped lines', () => {
  const pdf = [
    '  近年来，我省以高质量发展众创空间、科技企业孵化器等新型创',
    '业孵化服务平台为着力点，以高规格举办各类创新创业赛事为突破',
    '口，持续优化我省创新创业生态环境。',
    '  截至目前，我省认定省级众创空间共145家，省级科技企业孵化',
    '器共44家，国家级科技企业孵化器共12家，另有各类创新创业载体',
    '多家。',
  ];

  it('re-joins lines broken at the page width inside sentences', () => {
    expect(joinWrappedLines(pdf)).toEqual({
      lines: [
        '  近年来，我省以高质量发展众创空间、科技企业孵化器等新型创业孵化服务平台为着力点，以高规格举办各类创新创业赛事为突破口，持续优化我省创新创业生态环境。',
        '  截至目前，我省认定省级众创空间共145家，省级科技企业孵化器共44家，国家级科技企业孵化器共12家，另有各类创新创业载体多家。',
      ],
      starts: [0, 3],
      joined: 4,
    });
  });

  it('leaves text alone that has one paragraph a line', () => {
    const seed = readSeed('004').split('\n');
    expect(wrapWidth(seed)).toBeUndefined();
    expect(joinWrappedLines(seed).joined).toBe(0);
  });
});

describe('written dates', () => {
  it('finds the Chinese forms and skips years of document numbers', () => {
    const dates = findWrittenDates(
      '2019年3月5日，二〇一九年三月五日；3月5日 10:30，2019-03-05，2019.3.5，国科发〔2020〕73号，二〇二一年七月二十九日，2019年3月，2月30日',
    );
    expect(dates.map(({ text, year, month, day }) => [text, year, month, day])).toEqual([
      ['2019年3月5日', 2019, 3, 5],
      ['二〇一九年三月五日', 2019, 3, 5],
      ['3月5日 10:30', undefined, 3, 5],
      ['2019-03-05', 2019, 3, 5],
      ['2019.3.5', 2019, 3, 5],
      ['二〇二一年七月二十九日', 2021, 7, 29],
      ['2019年3月', 2019, 3, undefined],
    ]);
    expect(dates[2]).toMatchObject({ hour: 10, minute: 30 });
  });

  it('takes the year of a text from its first full date, else its first 20xx年', () => {
    expect(yearInContext('3月5日开幕。2021年度计划。')).toBe(2021);
    expect(yearInContext('2018年启动，2019年3月5日开园')).toBe(2019);
    expect(yearInContext('3月5日开幕')).toBeUndefined();
  });
});

describe('script share', () => {
  it('counts the characters that tell traditional from simplified', () => {
    expect(scriptShare(readSeed('002')).traditionalShare).toBeGreaterThan(0.9);
    expect(scriptShare(readSeed('004')).traditionalShare).toBe(0);
    expect(scriptShare('的一是在').traditionalShare).toBe(0);
  });
});
