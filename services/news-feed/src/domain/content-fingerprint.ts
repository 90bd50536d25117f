import { comparisonKey } from '@shuangchuang/chinese-text';

// A MinHash of an article's cleaned text: copies of the same article — re-imported, cleaned of
// other debris, in traditional characters, with other punctuation, a sentence more or less —
// have signatures that agree in most places, and then agree on at least one band (LSH), so
// finding them is one query on the indexed bands.

const SHINGLE_CHARS = 4;
const HASHES = 64;
const ROWS_PER_BAND = 4;
const BANDS = HASHES / ROWS_PER_BAND; // 16: texts 80 % alike share a band with p > 0.999
/** Estimated Jaccard similarity of the 4-gram sets from which a text counts as a probable copy. */
export const PROBABLE_DUPLICATE_SIMILARITY = 0.7;
/** Texts shorter than this (comparison-key characters) are not fingerprinted: too little to go by. */
export const MIN_FINGERPRINT_CHARS = 30;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** MurmurHash3's finaliser over a value and a seed: one of the 64 hash functions. */
function mix(value: number, seed: number): number {
  let h = (value ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The MinHash signature (64 × 32 bits, as 512 hex digits) of the distinct character 4-grams of a
 * text's comparison key (simplified, no spaces or punctuation), or undefined for a short text.
 */
export function contentFingerprint(text: string): string | undefined {
  const chars = [...comparisonKey(text)];
  if (chars.length < MIN_FINGERPRINT_CHARS) return undefined;
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE_CHARS <= chars.length; i++)
    shingles.add(fnv1a(chars.slice(i, i + SHINGLE_CHARS).join('')));
  const minima = new Uint32Array(HASHES).fill(0xffffffff);
  for (const shingle of shingles)
    for (let i = 0; i < HASHES; i++) {
      const h = mix(shingle, i + 1);
      if (h < minima[i]!) minima[i] = h;
    }
  return [...minima].map((h) => h.toString(16).padStart(8, '0')).join('');
}

/** The signature's 16 bands as index keys ("3:1a2b3c4d"): texts alike share at least one. */
export function fingerprintBands(fingerprint: string): string[] {
  const width = 8 * ROWS_PER_BAND;
  return Array.from(
    { length: BANDS },
    (_, band) =>
      `${band}:${fnv1a(fingerprint.slice(band * width, (band + 1) * width)).toString(16)}`,
  );
}

/** The share of the 64 hash functions on which two signatures agree: the estimated similarity. */
export function fingerprintSimilarity(a: string, b: string): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++)
    if (a.slice(i * 8, i * 8 + 8) === b.slice(i * 8, i * 8 + 8)) same++;
  return same / HASHES;
}
