import { toSimplified } from './text-normalisation.js';

/** China's 34 provincial-level divisions by official (simplified) name. */
export const PROVINCES = [
  '北京市',
  '天津市',
  '上海市',
  '重庆市',
  '河北省',
  '山西省',
  '辽宁省',
  '吉林省',
  '黑龙江省',
  '江苏省',
  '浙江省',
  '安徽省',
  '福建省',
  '江西省',
  '山东省',
  '河南省',
  '湖北省',
  '湖南省',
  '广东省',
  '海南省',
  '四川省',
  '贵州省',
  '云南省',
  '陕西省',
  '甘肃省',
  '青海省',
  '台湾省',
  '内蒙古自治区',
  '广西壮族自治区',
  '西藏自治区',
  '宁夏回族自治区',
  '新疆维吾尔自治区',
  '香港特别行政区',
  '澳门特别行政区',
] as const;
export type Province = (typeof PROVINCES)[number];

const SUFFIXES = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;

/** Short form used in notices and tables: 天津, 宁夏, 广西, 新疆… */
export function shortProvinceName(province: Province): string {
  return province.replace(SUFFIXES, '');
}

const byShortName = new Map<string, Province>(PROVINCES.map((p) => [shortProvinceName(p), p]));

/**
 * Official name of the province a table cell or query names, in either script, short or full
 * ("遼寧" → 辽宁省, "宁夏" → 宁夏回族自治区); undefined when the text names no province.
 */
export function recogniseProvince(text: string): Province | undefined {
  const simplified = toSimplified(text.replace(/\s+/g, ''));
  if ((PROVINCES as readonly string[]).includes(simplified)) return simplified as Province;
  return byShortName.get(simplified) ?? byShortName.get(simplified.replace(SUFFIXES, ''));
}
