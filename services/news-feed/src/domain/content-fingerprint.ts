import { comparisonKey } from '@shuangchuang/chinese-text';

// A SimHash of an article's cleaned text: copies of the same article — re-imported, cleaned of
// other debris, in traditional characters, with other punctuation — get the same or a nearby
// fingerprint, and nearby fingerprints share a band, so finding them is one indexed query.

const SHINGLE_CHARS = 4;
const BANDS = 4; // of 16 bits: two fingerprints within 3 bits agree on at least one band
/** At most this many differing bits out of 64: a probable duplicate. */
export const PROBABLE_DUPLICATE_BITS = 3;
/** Texts shorter than this (comparison-key characters) are not fingerprinted: too little to go by. */
export const MIN_FINGERPRINT_CHARS = 30;

/** Two independent 32-bit FNV-1a hashes of a string (the high and low halves of 64 bits). */
function hash64(text: string): [number, number] {
  let high = 0x811c9dc5;
  let low = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    high = Math.imul(high ^ code, 0x01000193) >>> 0;
    low = Math.imul(low ^ code ^ 0x5bd1e995, 0x01000193) >>> 0;
    low = (low ^ (low >>> 15)) >>> 0;
  }
  return [high, low];
}

/** The 64-bit SimHash (16 hex digits) of a text's character 4-grams, or undefined for short texts. */
export function contentFingerprint(text: string): string | undefined {
  const key = comparisonKey(text);
  const chars = [...key];
  if (chars.length < MIN_FINGERPRINT_CHARS) return undefined;
  const weights = new Int32Array(64);
  for (let i = 0; i + SHINGLE_CHARS <= chars.length; i++) {
    const [high, low] = hash64(chars.slice(i, i + SHINGLE_CHARS).join(''));
    for (let bit = 0; bit < 32; bit++) {
      weights[bit] += (high >>> bit) & 1 ? 1 : -1;
      weights[32 + bit] += (low >>> bit) & 1 ? 1 : -1;
    }
  }
  let high = 0;
  let low = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit]! > 0) high |= 1 << bit;
    if (weights[32 + bit]! > 0) low |= 1 << bit;
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/** The fingerprint's bands as index keys ("0:1a2b"…): any fingerprint within 3 bits shares one. */
export function fingerprintBands(fingerprint: string): string[] {
  const size = 16 / BANDS;
  return Array.from({ length: BANDS }, (_, band) => `${band}:${fingerprint.slice(band * size, (band + 1) * size)}`);
}

/** How many of the 64 bits differ. */
export function fingerprintDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      distance++;
    }
  }
  return distance;
}
