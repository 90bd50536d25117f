// Zhuyin (bopomofo) spelling of toneless pinyin syllables, by the standard correspondence of
// initials and finals (GB/T 16159 pinyin ↔ the 注音符号 of 國語注音符號第一式).

const INITIALS: Record<string, string> = {
  b: 'ㄅ',
  p: 'ㄆ',
  m: 'ㄇ',
  f: 'ㄈ',
  d: 'ㄉ',
  t: 'ㄊ',
  n: 'ㄋ',
  l: 'ㄌ',
  g: 'ㄍ',
  k: 'ㄎ',
  h: 'ㄏ',
  j: 'ㄐ',
  q: 'ㄑ',
  x: 'ㄒ',
  zh: 'ㄓ',
  ch: 'ㄔ',
  sh: 'ㄕ',
  r: 'ㄖ',
  z: 'ㄗ',
  c: 'ㄘ',
  s: 'ㄙ',
};

// Finals as written after an initial (ü as v).
const FINALS: Record<string, string> = {
  a: 'ㄚ',
  o: 'ㄛ',
  e: 'ㄜ',
  ai: 'ㄞ',
  ei: 'ㄟ',
  ao: 'ㄠ',
  ou: 'ㄡ',
  an: 'ㄢ',
  en: 'ㄣ',
  ang: 'ㄤ',
  eng: 'ㄥ',
  er: 'ㄦ',
  ong: 'ㄨㄥ',
  i: 'ㄧ',
  ia: 'ㄧㄚ',
  ie: 'ㄧㄝ',
  iao: 'ㄧㄠ',
  iu: 'ㄧㄡ',
  ian: 'ㄧㄢ',
  in: 'ㄧㄣ',
  iang: 'ㄧㄤ',
  ing: 'ㄧㄥ',
  iong: 'ㄩㄥ',
  u: 'ㄨ',
  ua: 'ㄨㄚ',
  uo: 'ㄨㄛ',
  uai: 'ㄨㄞ',
  ui: 'ㄨㄟ',
  uan: 'ㄨㄢ',
  un: 'ㄨㄣ',
  uang: 'ㄨㄤ',
  v: 'ㄩ',
  ve: 'ㄩㄝ',
  van: 'ㄩㄢ',
  vn: 'ㄩㄣ',
};

// Syllables without an initial, spelled with y- and w- in pinyin.
const ZERO_INITIAL: Record<string, string> = {
  yi: 'ㄧ',
  ya: 'ㄧㄚ',
  yo: 'ㄧㄛ',
  ye: 'ㄧㄝ',
  yao: 'ㄧㄠ',
  you: 'ㄧㄡ',
  yan: 'ㄧㄢ',
  yin: 'ㄧㄣ',
  yang: 'ㄧㄤ',
  ying: 'ㄧㄥ',
  yong: 'ㄩㄥ',
  yu: 'ㄩ',
  yue: 'ㄩㄝ',
  yuan: 'ㄩㄢ',
  yun: 'ㄩㄣ',
  wu: 'ㄨ',
  wa: 'ㄨㄚ',
  wo: 'ㄨㄛ',
  wai: 'ㄨㄞ',
  wei: 'ㄨㄟ',
  wan: 'ㄨㄢ',
  wen: 'ㄨㄣ',
  wang: 'ㄨㄤ',
  weng: 'ㄨㄥ',
  ê: 'ㄝ',
};

// zhi chi shi ri zi ci si: the initial alone (the "empty rhyme").
const EMPTY_RHYME = new Set(['zh', 'ch', 'sh', 'r', 'z', 'c', 's']);

/** The zhuyin of a toneless pinyin syllable (zhan → ㄓㄢ, lv → ㄌㄩ), or undefined. */
export function zhuyinOfSyllable(syllable: string): string | undefined {
  const zero =
    ZERO_INITIAL[syllable] ?? (FINALS[syllable] && !/^[iuv]/.test(syllable) && FINALS[syllable]);
  if (zero) return zero;
  const initial = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])/.exec(syllable)?.[1];
  if (!initial) return undefined;
  let final = syllable.slice(initial.length);
  if (final === 'i' && EMPTY_RHYME.has(initial)) return INITIALS[initial];
  // after j q x, u is ü: ju → ㄐㄩ, juan → ㄐㄩㄢ
  if ('jqx'.includes(initial) && final.startsWith('u')) final = `v${final.slice(1)}`;
  // bo po mo fo: the final is written o (ㄛ)
  const written = FINALS[final];
  return written && INITIALS[initial] + written;
}
