import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNoticeText } from '../../src/import/notice-text-parser.js';

const seed002 = readFileSync(
  new URL('../../seed-data/most-notice-2020-73-specialized-maker-spaces.txt', import.meta.url),
  'utf8',
);

describe('parseNoticeText on the MOST notice 国科发区〔2020〕73号 (seed 002, traditional characters)', () => {
  const parsed = parseNoticeText(seed002);
  const bySequence = new Map(parsed.rows.map((row) => [row.sequence, row]));

  it('finds all 23 listed maker spaces and nothing unparseable', () => {
    expect(parsed.unparseable).toEqual([]);
    expect(parsed.rows.map((r) => r.sequence)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
  });

  it('carries merged province cells down to the rows that lost them', () => {
    const provinces = Object.fromEntries(parsed.rows.map((r) => [r.sequence, r.province]));
    expect(provinces).toEqual({
      1: '天津市',
      2: '天津市',
      3: '辽宁省',
      4: '上海市',
      5: '江苏省',
      6: '江苏省',
      7: '江苏省',
      8: '浙江省',
      9: '浙江省',
      10: '福建省',
      11: '山东省',
      12: '山东省',
      13: '山西省',
      14: '河南省',
      15: '河南省',
      16: '湖北省',
      17: '湖北省',
      18: '湖南省',
      19: '广东省',
      20: '重庆市',
      21: '宁夏回族自治区',
      22: '甘肃省',
      23: '云南省',
    });
    const carried = parsed.rows.filter((r) => r.provinceCarriedDown).map((r) => r.sequence);
    expect(carried).toEqual([2, 6, 7, 9, 12, 15, 17]);
  });

  it('converts names and operators to simplified characters and keeps what was posted', () => {
    expect(bySequence.get(2)).toMatchObject({
      name: '化工新材料国家专业化众创空间',
      operatorName: '天津渤海化工集团有限责任公司',
      originalName: '化工新材料國家專業化眾創空間',
      originalOperatorName: '天津渤海化工集團有限責任公司',
      line: 15,
    });
    expect(bySequence.get(22)).toMatchObject({
      name: '能源装备国家专业化众创空间',
      operatorName: '兰州兰石集团有限公司',
    });
    expect(bySequence.get(3)!.operatorName).toBe('中国科学院大连化学物理研究所');
    expect(bySequence.get(10)!.operatorName).toBe('厦门钨业股份有限公司');
    for (const row of parsed.rows) {
      expect(row.name).toMatch(/国家专业化众创空间$/);
    }
  });

  it('ignores the prose around the table', () => {
    expect(parsed.rows.some((r) => r.name.includes('西藏'))).toBe(false);
  });
});

describe('parseNoticeText on damaged tables', () => {
  const header = '序號 | 省份 | 專業化眾創空間名稱 | 依托主體 |';

  it('reports rows it cannot read with their line and a reason, and keeps the rest', () => {
    const text = [
      '附件',
      header,
      '1 | 天津 | 甲空間 | 甲公司 |',
      '一 | 天津 | 乙空間 | 乙公司 |',
      '3 | 火星 | 丙空間 | 丙公司 |',
      '4 | 江蘇 | 丁空間 |',
      '5 | 戊空間 | 戊公司 | 多餘 | 更多 |',
      '1 | 天津 | 己空間 | 己公司 |',
      '7 |  | 庚空間 | 庚公司 |',
    ].join('\n');
    const parsed = parseNoticeText(text);
    expect(parsed.rows.map((r) => [r.sequence, r.name, r.province])).toEqual([
      [1, '甲空间', '天津市'],
      [7, '庚空间', '天津市'],
    ]);
    expect(parsed.unparseable).toEqual([
      { line: 4, raw: '一 | 天津 | 乙空間 | 乙公司 |', reason: '序号 "一" is not a number' },
      { line: 5, raw: '3 | 火星 | 丙空間 | 丙公司 |', reason: '"火星" is not a province of China' },
      {
        line: 6,
        raw: '4 | 江蘇 | 丁空間 |',
        reason: 'expected 4 cells, found 3: the operator is missing',
      },
      {
        line: 7,
        raw: '5 | 戊空間 | 戊公司 | 多餘 | 更多 |',
        reason: 'expected 4 cells (序号, 省份, 名称, 依托主体), found 5',
      },
      { line: 8, raw: '1 | 天津 | 己空間 | 己公司 |', reason: '序号 1 appears twice' },
    ]);
  });

  it('refuses a first row without a province instead of guessing one', () => {
    const parsed = parseNoticeText(`${header}\n1 | 甲空間 | 甲公司 | |`);
    expect(parsed.rows).toEqual([]);
    expect(parsed.unparseable[0]!.reason).toBe(
      'the province is empty and no row above gives one to carry down',
    );
  });

  it('reads full-width separators and digits', () => {
    const parsed = parseNoticeText(`${header}\n１｜北京｜ＡＩ眾創空間｜甲公司｜`);
    expect(parsed.rows[0]).toMatchObject({
      sequence: 1,
      province: '北京市',
      name: 'AI众创空间',
    });
  });

  it('reads a header whose columns come in another order', () => {
    const parsed = parseNoticeText(
      '序号 | 名称 | 依托单位 | 省份 |\n1 | 甲众创空间 | 甲公司 | 四川 |\n2 | 乙众创空间 | 乙大学 |',
    );
    expect(parsed.rows.map((r) => [r.name, r.operatorName, r.province])).toEqual([
      ['甲众创空间', '甲公司', '四川省'],
      ['乙众创空间', '乙大学', '四川省'],
    ]);
  });

  it('rejects oversized names', () => {
    const parsed = parseNoticeText(`${header}\n1 | 北京 | ${'空'.repeat(201)} | 甲公司 |`);
    expect(parsed.unparseable[0]!.reason).toBe('a name is longer than 200 characters');
  });
});
