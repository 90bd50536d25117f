import { normalizeText } from '../normalize/normalize-text.js';

// Sentence ends in Chinese and Western text (a full stop before a space, a Han character or the
// end, not in 3.5 or www.most.gov.cn); a line break ends a sentence too (headings, list items).
const SENTENCE_END = /(?<=[。！？；!?;…]|\.(?=\s|\p{Script=Han}|$))|\n/u;

/** The sentences of a text as written, in order, without empty ones. */
export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/**
 * The form two copies of the same words share, whatever the converter did to them: simplified,
 * half-width, lower case, letters, digits and Han characters only (no spaces, punctuation or
 * symbols). Two sentences are the same "after normalisation" when their comparison keys are equal.
 */
export function comparisonKey(text: string): string {
  return keyOfNormalized(normalizeText(text));
}

/**
 * comparisonKey of many texts at once: one pass of the converters over all of them (a call
 * costs far more than a character), the same keys.
 */
export function comparisonKeys(texts: readonly string[]): string[] {
  // a line break separates them: no OpenCC phrase spans one, and keys drop it anyway
  const normalized = normalizeText(texts.map((text) => text.replace(/\s+/g, ' ')).join('\n')).split(
    '\n',
  );
  // normalizeText trims the whole, so empty texts at the ends need their place back
  return normalized.length === texts.length
    ? normalized.map(keyOfNormalized)
    : texts.map(comparisonKey);
}

function keyOfNormalized(normalized: string): string {
  return normalized.toLowerCase().replace(/[^\p{Script=Han}\p{L}\p{N}]+/gu, '');
}
