import { LRUCache } from 'lru-cache';
import { pinyin } from 'pinyin-pro';
import { normalizeText } from '../normalize/normalize-text.js';
import { HAN_RUN } from '../search/text-runs.js';

const SYLLABLE = /^[a-z]+$/;

/**
 * Toneless pinyin of each character of a run of Han characters, chosen in context so that
 * polyphones read right (重庆 → chong qing, 银行 → yin hang). ü is written v (lv, nv), as typed.
 * A character without a reading gets undefined, keeping the array aligned with the run.
 */
export function pinyinOfHanRun(run: string): (string | undefined)[] {
  const cached = readingsOfShortRuns.get(run);
  if (cached) return cached;
  const readings = pinyin(run, { toneType: 'none', type: 'array', v: true });
  // pinyin-pro returns one entry per character for Han text; guard against surprises anyway.
  const aligned =
    readings.length === [...run].length
      ? readings.map((reading) => (SYLLABLE.test(reading) ? reading : undefined))
      : [...run].map(() => undefined);
  if (run.length <= CACHED_RUN_LENGTH) readingsOfShortRuns.set(run, aligned);
  return aligned;
}

// Article keywords (孵化器, 众创空间, 科技部…) recur across thousands of documents and
// pinyin-pro costs tens of microseconds a character: short runs are memoised.
const CACHED_RUN_LENGTH = 8;
const readingsOfShortRuns = new LRUCache<string, (string | undefined)[]>({ max: 20_000 });

/** Toneless pinyin syllables of the Chinese characters in `text` (other characters are skipped). */
export function pinyinOf(text: string): string[] {
  const syllables: string[] = [];
  for (const run of normalizeText(text).match(HAN_RUN) ?? []) {
    for (const syllable of pinyinOfHanRun(run)) if (syllable) syllables.push(syllable);
  }
  return syllables;
}

/** First letters of the pinyin of the Chinese characters in `text`: 青岛高新区 → "qdgxq". */
export function initialsOf(text: string): string {
  return pinyinOf(text)
    .map((syllable) => syllable[0])
    .join('');
}
