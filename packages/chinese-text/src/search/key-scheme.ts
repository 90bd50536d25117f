/**
 * The search-key scheme shared by the index side (buildSearchKeys) and the query side
 * (analyzeQuery). A document stores one flat array of keys; every key is made only of Han
 * characters, a–z and 0–9, and the query side produces keys of the same shapes:
 *
 * | key                         | example (青岛高新区)              | finds                         |
 * | --------------------------- | --------------------------------- | ----------------------------- |
 * | Han character               | 青 岛 高 新 区                    | one-character queries         |
 * | Han bigram                  | 青岛 岛高 高新 新区               | any part of a name (≥ 2 chars) |
 * | pinyin syllable             | qing dao gao xin qu               | "dao"                         |
 * | adjacent syllables joined   | qingdao daogao gaoxin xinqu       | "qingdao", "qingdaogaoxinqu"  |
 * | syllable + next initial     | qingd daog gaox xinq              | typing "qingd…" (prefix mode) |
 * | initials, 2–5 from any char | qd qdg qdgx qdgxq dg dgx …        | "qdgxq", "gxq"                 |
 * | Latin word (≥ 2), digit run | tusstar 2020 73                   | English names, numbers        |
 *
 * Syllable pairs are joined without a separator, so "xian" matches both 西安 (xi+an) and 先
 * (xian): one token serves both readings, and the scorer sorts them out.
 */

/** Longest initials window stored; longer initials queries are split into windows this long. */
export const INITIALS_WINDOW = 5;

/** Han bigrams of a phrase (none for a single character). */
export function hanBigrams(chars: readonly string[]): string[] {
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) bigrams.push(chars[i] + chars[i + 1]);
  return bigrams;
}

/** Adjacent syllables joined: [qing, dao, gao] → [qingdao, daogao]. */
export function syllablePairs(syllables: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < syllables.length; i++) pairs.push(syllables[i] + syllables[i + 1]);
  return pairs;
}

/** Every pinyin key of a run of syllables with no gap (see the table above). */
export function pinyinKeys(syllables: readonly string[]): string[] {
  const keys: string[] = [...syllables, ...syllablePairs(syllables)];
  const initials = syllables.map((syllable) => syllable[0]).join('');
  for (let i = 0; i + 1 < syllables.length; i++) {
    keys.push(syllables[i] + syllables[i + 1][0]);
    for (let length = 2; length <= INITIALS_WINDOW && i + length <= initials.length; length++) {
      keys.push(initials.slice(i, i + length));
    }
  }
  return keys;
}

/**
 * Windows of INITIALS_WINDOW letters covering a long initials query, overlapping by one letter
 * so that the pieces must meet: "qdgxqcyfwzx" → qdgxq, qcyfw, wzx.
 */
export function initialsWindows(initials: string): string[] {
  const windows: string[] = [];
  for (let start = 0; start < initials.length - 1; start += INITIALS_WINDOW - 1) {
    windows.push(initials.slice(start, start + INITIALS_WINDOW));
    if (start + INITIALS_WINDOW >= initials.length) break;
  }
  return windows;
}
