// SEAM (temporary): traditional → simplified conversion and name keys live here only until
// @shuangchuang/chinese-text lands; then these functions delegate to it and opencc-js leaves
// this workspace. Every caller in the registry goes through this file, never through opencc-js.
import * as OpenCC from 'opencc-js';

const traditionalToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const hongKongToSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** Full-width letters, digits, space and ASCII punctuation (U+FF01–FF5E, U+3000) → half-width. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** Simplified characters; text already simplified is returned unchanged. */
export function toSimplified(text: string): string {
  return hongKongToSimplified(traditionalToSimplified(text));
}

/**
 * Display form of a name read from a notice: simplified, full-width letters and digits made
 * half-width, whitespace collapsed. Chinese brackets （） are kept, as names are published with them.
 */
export function normaliseDisplayName(text: string): string {
  const halfWidthAlnum = text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
  return toSimplified(halfWidthAlnum).replace(/\s+/g, ' ').trim();
}

/**
 * Key under which two spellings of one name compare equal: simplified, half-width, lower case,
 * without whitespace, punctuation or symbols. 啟迪之星(德州) and 启迪之星（德州） share a key.
 */
export function nameKey(text: string): string {
  return toSimplified(toHalfWidth(text))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}
