import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { initialsOf, pinyinOf, segmentPinyin } from '../src/index.js';
import { pinyinSyllables, segmentPinyinWithInitials } from '../src/pinyin/syllables.js';

describe('pinyinOf / initialsOf', () => {
  it('reads polyphones in context', () => {
    expect(pinyinOf('重庆银行')).toEqual(['chong', 'qing', 'yin', 'hang']);
    expect(pinyinOf('行长')).toEqual(['hang', 'zhang']);
  });

  it('reads traditional input and skips what is not Chinese', () => {
    expect(pinyinOf('青島 (ABC) 高新區')).toEqual(['qing', 'dao', 'gao', 'xin', 'qu']);
    expect(initialsOf('启迪之星（德州）')).toBe('qdzxdz');
  });

  it('writes ü as v, as people type it', () => {
    expect(pinyinOf('绿色旅游')).toEqual(['lv', 'se', 'lv', 'you']);
  });
});

describe('segmentPinyin', () => {
  it('splits typed pinyin into as few syllables as possible', () => {
    expect(segmentPinyin('qingdaogaoxinqu')).toEqual(['qing', 'dao', 'gao', 'xin', 'qu']);
    expect(segmentPinyin('xian')).toEqual(['xian']);
    expect(segmentPinyin('xianggang')).toEqual(['xiang', 'gang']);
    expect(segmentPinyin('zhuangshuang')).toEqual(['zhuang', 'shuang']);
  });

  it('refuses what is not pinyin', () => {
    expect(segmentPinyin('qdgxq')).toBeUndefined();
    expect(segmentPinyin('mng')).toBeUndefined();
    expect(segmentPinyin('')).toBeUndefined();
  });

  it('reads letters that start no syllable as initials when asked', () => {
    expect(segmentPinyinWithInitials('qingdgxq')).toEqual(['qing', 'd', 'g', 'x', 'q']);
    expect(segmentPinyinWithInitials('qdgaoxinqu')).toEqual(['q', 'd', 'gao', 'xin', 'qu']);
    expect(segmentPinyinWithInitials('qidi')).toEqual(['qi', 'di']);
    expect(segmentPinyinWithInitials('')).toEqual([]);
  });

  it("has exactly the syllables of pinyin-pro's dictionary", () => {
    let block = '';
    for (let code = 0x4e00; code <= 0x9fa5; code++) block += String.fromCharCode(code);
    const produced = new Set(
      pinyin(block, { toneType: 'none', type: 'array', v: true }).filter((s) =>
        /^[a-z]*[aeiouv][a-z]*$/.test(s),
      ),
    );
    expect([...pinyinSyllables()].sort()).toEqual([...produced].sort());
  });
});
