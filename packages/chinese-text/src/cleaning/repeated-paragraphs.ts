import { comparisonKeys, splitSentences } from './sentences.js';

/** A paragraph that repeats earlier ones, and the first paragraph it repeats. */
export interface RepeatedParagraph {
  index: number;
  firstIndex: number;
}

/**
 * Paragraphs shorter than this (in comparison-key characters) are not dropped for repeating on
 * their own — signatures, section numbers and short headings recur legitimately ("沂源县人民政府
 * 办公室" above a notice and under it) — only inside a block of repeated paragraphs.
 */
export const MIN_REPEATED_PARAGRAPH_CHARS = 20;

/**
 * Paragraphs that say nothing new: the same as an earlier paragraph, or made only of sentences
 * that appeared earlier, compared after normalisation (script, width, case, spaces and
 * punctuation do not count). So exact repeats, near-exact ones (another converter's punctuation,
 * traditional characters) and repeated blocks cut into paragraphs differently are all found.
 * The first occurrence is kept, so the text of a sentence that appears once is never lost.
 */
export function findRepeatedParagraphs(paragraphs: readonly string[]): RepeatedParagraph[] {
  const keys = comparisonKeys(paragraphs);
  const sentences = paragraphs.map(splitSentences);
  const allSentenceKeys = comparisonKeys(sentences.flat());
  let next = 0;
  const sentenceKeys = sentences.map((list) =>
    allSentenceKeys.slice(next, (next += list.length)).filter(Boolean),
  );
  const firstWithSentence = new Map<string, number>();
  const firstWithKey = new Map<string, number>();
  const repeatOf = new Map<number, number>();

  paragraphs.forEach((_, i) => {
    const key = keys[i]!;
    if (!key) return;
    const sentences = sentenceKeys[i]!;
    const seenAt = sentences.map((s) => firstWithSentence.get(s));
    const sameAs = firstWithKey.get(key);
    const allSeen = seenAt.every((at) => at !== undefined);
    if (key.length >= MIN_REPEATED_PARAGRAPH_CHARS && (sameAs !== undefined || allSeen)) {
      repeatOf.set(i, sameAs ?? Math.min(...(seenAt as number[])));
      return;
    }
    if (!firstWithKey.has(key)) firstWithKey.set(key, i);
    sentences.forEach((s) => {
      if (!firstWithSentence.has(s)) firstWithSentence.set(s, i);
    });
  });

  // Short paragraphs (headings, 一、二、) repeated next to a repeated paragraph belong to the block.
  const neighbourRepeated = (i: number, step: 1 | -1): boolean => {
    for (let j = i + step; j >= 0 && j < paragraphs.length; j += step) {
      if (!keys[j]) continue; // blank lines between
      return repeatOf.has(j);
    }
    return false;
  };
  for (let changed = true; changed;) {
    changed = false;
    paragraphs.forEach((_, i) => {
      const key = keys[i]!;
      if (!key || repeatOf.has(i) || key.length >= MIN_REPEATED_PARAGRAPH_CHARS) return;
      const first = firstWithKey.get(key);
      if (first === undefined || first >= i) return;
      if (!neighbourRepeated(i, -1) && !neighbourRepeated(i, 1)) return;
      repeatOf.set(i, first);
      changed = true;
    });
  }
  return [...repeatOf]
    .map(([index, firstIndex]) => ({ index, firstIndex }))
    .sort((a, b) => a.index - b.index);
}
