// Names as people write them: 山东省 / 山东, 德州市 / 德州, 广西壮族自治区 / 广西.
const SUFFIXES = [
  '维吾尔自治区',
  '壮族自治区',
  '回族自治区',
  '特别行政区',
  '自治区',
  '自治州',
  '自治县',
  '地区',
  '新区',
  '省',
  '市',
  '盟',
  '区',
  '县',
  '旗',
];

/** The name without its administrative suffix, so 德州 and 德州市 compare equal. */
export function shortName(name: string): string {
  const trimmed = name.trim();
  for (const suffix of SUFFIXES) {
    // never strip a name down to one character (沙市 → 沙, 城区 → 城)
    if (trimmed.endsWith(suffix) && trimmed.length - suffix.length >= 2)
      return trimmed.slice(0, -suffix.length);
  }
  return trimmed;
}

export function sameDivisionName(a: string, b: string): boolean {
  return a.trim() === b.trim() || shortName(a) === shortName(b);
}
