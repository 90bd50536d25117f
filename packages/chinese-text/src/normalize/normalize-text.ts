import { toSimplified } from './chinese-script.js';

// Zero-width characters and soft hyphens that copy-paste from web pages and PDFs leaves inside words.
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;
// C0 controls except tab and newlines.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const HORIZONTAL_SPACE = /[^\S\n]+/g;

// Full-width punctuation and symbols (！＂＃…（）…，．／ ：；…［＼］ ｛｜｝～ ｟｠｡｢｣､･), not letters or digits.
const FULL_WIDTH_PUNCTUATION = /[\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]+/g;

export interface NormalizeTextOptions {
  /** Convert traditional characters to simplified (default true). */
  simplify?: boolean;
  /**
   * 'ascii' (default): full-width punctuation becomes ASCII, for comparing and indexing.
   * 'keep': full-width punctuation stays as written (启迪之星（德州）), for text that is shown;
   * letters, digits and spaces are still made half-width.
   */
  punctuation?: 'ascii' | 'keep';
}

/**
 * Canonical form of Chinese text for comparison and indexing (not for display).
 *
 * - NFKC: full-width Latin letters, digits and punctuation become ASCII (ＡＢＣ１２３ → ABC123,
 *   （） → (), ， → ,, ： → :), the ideographic space becomes a space, and compatibility
 *   ideographs / Kangxi radicals left by PDF extraction become ordinary characters.
 *   Punctuation with no ASCII counterpart keeps its Chinese form: 〔〕 in document numbers,
 *   《》 around titles, “” quotes, 、 and 。.
 * - Traditional → simplified (opencc), unless `simplify: false`.
 * - Invisible and control characters removed; runs of spaces and tabs become one space; line
 *   breaks are kept (as \n) so that row-oriented imports can still split lines; lines are trimmed.
 */
export function normalizeText(input: string, options: NormalizeTextOptions = {}): string {
  let text = (
    options.punctuation === 'keep' ? nfkcExceptPunctuation(input) : input.normalize('NFKC')
  )
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(HORIZONTAL_SPACE, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
  if (options.simplify ?? true) text = toSimplified(text);
  return text;
}

/** NFKC everywhere except on full-width punctuation, which is kept as written. */
function nfkcExceptPunctuation(input: string): string {
  let result = '';
  let last = 0;
  for (const match of input.matchAll(FULL_WIDTH_PUNCTUATION)) {
    result += input.slice(last, match.index).normalize('NFKC') + match[0];
    last = match.index + match[0].length;
  }
  return result + input.slice(last).normalize('NFKC');
}
