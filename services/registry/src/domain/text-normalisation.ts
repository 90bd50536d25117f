// The registry's view of Chinese text: everything delegates to @shuangchuang/chinese-text, so
// imports, matching and search agree on one normalisation.
import {
  normalizeOrganisationName,
  normalizeText,
  toSimplified as simplify,
} from '@shuangchuang/chinese-text';

/** Full-width letters, digits, punctuation and separators (｜ ，（）) → ASCII; characters kept. */
export function toHalfWidth(text: string): string {
  return normalizeText(text, { simplify: false });
}

/** Simplified characters; text already simplified is returned unchanged. */
export function toSimplified(text: string): string {
  return simplify(text);
}

/**
 * Display form of a name read from a notice: simplified, full-width letters and digits made
 * half-width, whitespace collapsed. Chinese brackets （） are kept, as names are published with them.
 */
export function normaliseDisplayName(text: string): string {
  const halfWidthAlnum = text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
  return simplify(halfWidthAlnum).replace(/\s+/g, ' ').trim();
}

/**
 * Key under which two spellings of one organisation or carrier name compare equal
 * (啟迪之星(德州) and 启迪之星（德州）); for matching only, never for display.
 */
export function nameKey(text: string): string {
  return normalizeOrganisationName(text);
}
