import { describe, expect, it } from 'vitest';
import {
  centreOf,
  citiesOf,
  districtsOf,
  findCity,
  findProvince,
  listProvinces,
  shortName,
} from '../src/index.js';

describe('names', () => {
  it('drops the administrative suffix, never down to one character', () => {
    expect(shortName('山东省')).toBe('山东');
    expect(shortName('德州市')).toBe('德州');
    expect(shortName('广西壮族自治区')).toBe('广西');
    expect(shortName('沂源县')).toBe('沂源');
    expect(shortName('沙市')).toBe('沙市');
  });
});

describe('provinces and cities', () => {
  it('has the 31 provincial divisions of the mainland, each with a centre', () => {
    const provinces = listProvinces();
    expect(provinces).toHaveLength(31);
    expect(provinces.every((p) => p.centre)).toBe(true);
  });

  it('finds a province by full name, short name or code', () => {
    expect(findProvince('山东省')?.code).toBe('370000');
    expect(findProvince('山东')?.code).toBe('370000');
    expect(findProvince('370000')?.name).toBe('山东省');
    expect(findProvince('内蒙古')?.name).toBe('内蒙古自治区');
    expect(findProvince('火星')).toBeUndefined();
  });

  it('lists the cities of a province and finds one by its short name', () => {
    const shandong = findProvince('山东省')!;
    const names = citiesOf(shandong).map((c) => c.name);
    expect(names).toContain('德州市');
    expect(names).toContain('淄博市');
    expect(names).toHaveLength(16);
    const dezhou = findCity('德州', shandong)!;
    expect(dezhou.code).toBe('371400');
    // 德州市's centre, GCJ-02, within a few km of the city's government
    expect(dezhou.centre!.lng).toBeCloseTo(116.31, 1);
    expect(dezhou.centre!.lat).toBeCloseTo(37.45, 1);
  });
});

describe('centreOf', () => {
  it('gives the district centre when the district is a division (沂源县)', () => {
    const centre = centreOf({ province: '山东省', city: '淄博市', district: '沂源县' })!;
    expect(centre.division).toMatchObject({ code: '370323', name: '沂源县', level: 'district' });
    expect(centre.lng).toBeCloseTo(118.17, 2);
    expect(centre.lat).toBeCloseTo(36.19, 2);
  });

  it('falls back to the city when the district is not a division (a development zone)', () => {
    const centre = centreOf({
      province: '山东省',
      city: '德州市',
      district: '德州经济技术开发区',
    })!;
    expect(centre.division.level).toBe('city');
    expect(centre.division.name).toBe('德州市');
  });

  it('falls back to the province when only the province is known', () => {
    const centre = centreOf({ province: '甘肃省' })!;
    expect(centre.division).toMatchObject({ level: 'province', code: '620000' });
    // 兰州, the capital, is where the province's centre is published
    expect(centre.lng).toBeCloseTo(103.8, 0);
  });

  it('places a municipality district written as the city (上海市 宝山区)', () => {
    const centre = centreOf({ province: '上海市', city: '宝山区' })!;
    expect(centre.division).toMatchObject({ level: 'district', name: '宝山区' });
  });

  it('knows nothing of a province that is not one', () => {
    expect(centreOf({ province: '不存在省' })).toBeUndefined();
  });

  it('keeps districts under their own city: 鼓楼区 of 南京 is not 鼓楼区 of 福州', () => {
    const nanjing = findCity('南京市', findProvince('江苏省'))!;
    const fuzhou = findCity('福州市', findProvince('福建省'))!;
    const a = districtsOf(nanjing).find((d) => d.name === '鼓楼区')!;
    const b = districtsOf(fuzhou).find((d) => d.name === '鼓楼区')!;
    expect(a.code.slice(0, 4)).toBe('3201');
    expect(b.code.slice(0, 4)).toBe('3501');
  });
});
