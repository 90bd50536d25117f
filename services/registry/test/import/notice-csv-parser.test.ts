import { describe, expect, it } from 'vitest';
import { parseNoticeCsv } from '../../src/import/notice-csv-parser.js';

describe('parseNoticeCsv', () => {
  it('reads a spreadsheet export with merged province cells left empty', () => {
    const csv = [
      '\uFEFF序號,省份,專業化眾創空間名稱,依托主體',
      '1,江蘇,集成電路國家專業化眾創空間,中國電子科技集團公司第五十八研究所',
      '2,,膜材料國家專業化眾創空間,南京膜材料產業技術研究院',
      '3,,"生物醫藥國家專業化眾創空間","中科院上海藥物研究所蘇州藥物創新研究院"',
      '4,浙江,圖像識別國家專業化眾創空間,杭州海康威視數字技術股份有限公司',
    ].join('\r\n');
    const parsed = parseNoticeCsv(csv);
    expect(parsed.unparseable).toEqual([]);
    expect(parsed.rows.map((r) => [r.sequence, r.province, r.name, r.line])).toEqual([
      [1, '江苏省', '集成电路国家专业化众创空间', 2],
      [2, '江苏省', '膜材料国家专业化众创空间', 3],
      [3, '江苏省', '生物医药国家专业化众创空间', 4],
      [4, '浙江省', '图像识别国家专业化众创空间', 5],
    ]);
  });

  it('reads rows without a header in the default column order', () => {
    const parsed = parseNoticeCsv('1,甘肅,能源裝備國家專業化眾創空間,蘭州蘭石集團有限公司\n');
    expect(parsed.rows[0]).toMatchObject({
      province: '甘肃省',
      operatorName: '兰州兰石集团有限公司',
    });
  });

  it('names the line of a malformed record', () => {
    const parsed = parseNoticeCsv('序号,省份,名称,依托主体\n1,北京,甲,乙\n2,北京,"丙,丁\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.unparseable).toHaveLength(1);
    expect(parsed.unparseable[0]!.reason).toMatch(/^not valid CSV/);
  });

  it('reports a row with a missing name', () => {
    const parsed = parseNoticeCsv('序号,省份,名称,依托主体\n1,北京,,乙公司\n');
    expect(parsed.unparseable).toEqual([
      { line: 2, raw: '1,北京,,乙公司', reason: 'the carrier name is empty' },
    ]);
  });
});
