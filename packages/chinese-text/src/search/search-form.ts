import { normalizeText } from '../normalize/normalize-text.js';

/**
 * The form in which documents are indexed, queries analysed and fields scored: normalizeText,
 * lower case, and Latin letters without tone marks or other accents (qīngdǎo → qingdao,
 * ü → v as in pinyin-pro's output: lǜ → lv).
 */
export function searchForm(text: string): string {
  return normalizeText(text)
    .toLowerCase()
    .replace(/ü|ǖ|ǘ|ǚ|ǜ/g, 'v')
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{Mn}+/gu, '$1')
    .normalize('NFC');
}
