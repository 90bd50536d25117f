import { searchForm } from './search-form.js';
import { pinyinOfHanRun } from '../pinyin/pinyin.js';
import { keywordsOf } from '../segmentation/jieba.js';
import { hanBigrams, pinyinKeys, syllablePairs } from './key-scheme.js';
import { hanPhrases, textRuns, type TextRun } from './text-runs.js';

export interface SearchField {
  text: string;
  /** Higher first: when a document reaches maxKeys, the lighter fields are cut. Default 1. */
  weight?: number;
  /**
   * 'full': every key of the scheme for the first `fullTextChars` characters (names, aliases,
   * titles); 'keywords': keys of the jieba TF-IDF keywords only (article bodies).
   * Default: 'full' up to `fullTextChars` characters, else 'keywords'.
   */
  depth?: 'full' | 'keywords';
}

export interface SearchKeyOptions {
  /** Hard cap on keys per document (default 1000). */
  maxKeys?: number;
  /** Characters of a field indexed fully; the rest of a longer 'full' field gets keywords (128). */
  fullTextChars?: number;
  /** Keywords taken from a 'keywords' field or the tail of a long 'full' field (48). */
  keywordsPerField?: number;
  /** Characters of a field read at all: bounds the work on a huge body (20,000). */
  maxFieldChars?: number;
}

export const SEARCH_KEY_DEFAULTS = {
  maxKeys: 1000,
  fullTextChars: 128,
  keywordsPerField: 48,
  maxFieldChars: 20_000,
};

/**
 * Precomputed search keys of a document, to store in an indexed array field and match with
 * analyzeQuery's groups. Bounded: at most maxKeys keys, and at most maxFieldChars characters
 * of each field read, however long the fields are.
 */
export function buildSearchKeys(fields: readonly SearchField[], options: SearchKeyOptions = {}) {
  const { maxKeys, fullTextChars, keywordsPerField, maxFieldChars } = {
    ...SEARCH_KEY_DEFAULTS,
    ...options,
  };
  const keys = new Set<string>();
  const byWeight = fields
    .map((field, order) => ({ field, order }))
    .sort((a, b) => (b.field.weight ?? 1) - (a.field.weight ?? 1) || a.order - b.order);
  for (const { field } of byWeight) {
    if (typeof field.text !== 'string') continue; // an optional field left undefined
    const chars = Array.from(searchForm(field.text.slice(0, maxFieldChars)));
    const full = (field.depth ?? (chars.length <= fullTextChars ? 'full' : 'keywords')) === 'full';
    const head = full ? chars.slice(0, fullTextChars).join('') : '';
    const tail = full ? chars.slice(fullTextChars).join('') : chars.join('');
    const fieldKeys = [
      ...(head ? fullKeys(head) : []),
      ...(tail ? keywordKeys(tail, keywordsPerField) : []),
    ];
    for (const key of fieldKeys) {
      if (keys.size >= maxKeys) return [...keys];
      keys.add(key);
    }
  }
  return [...keys];
}

function fullKeys(text: string): string[] {
  const runs = textRuns(text);
  const keys: string[] = [];
  for (const phrase of hanPhrases(runs)) {
    const chars = Array.from(phrase);
    keys.push(...hanBigrams(chars), ...chars);
    for (const syllables of syllableRuns(phrase)) keys.push(...pinyinKeys(syllables));
  }
  for (const run of runs) if (isWordKey(run)) keys.push(run.text);
  return keys;
}

function keywordKeys(text: string, limit: number): string[] {
  const keys: string[] = [];
  for (const keyword of keywordsOf(text, limit)) {
    for (const run of textRuns(keyword.toLowerCase())) {
      if (run.kind !== 'han') {
        if (isWordKey(run)) keys.push(run.text);
        continue;
      }
      const chars = Array.from(run.text);
      keys.push(...(chars.length === 1 ? chars : hanBigrams(chars)));
      for (const syllables of syllableRuns(run.text)) {
        keys.push(...(syllables.length === 1 ? syllables : syllablePairs(syllables)));
      }
    }
  }
  return keys;
}

/** Numbers, and Latin words of two letters or more (a lone letter selects nothing useful). */
function isWordKey(run: TextRun): boolean {
  return run.kind === 'digits' || (run.kind === 'latin' && run.text.length >= 2);
}

/** Pinyin of a Han phrase, split where a character has no reading. */
function syllableRuns(phrase: string): string[][] {
  const runs: string[][] = [[]];
  for (const syllable of pinyinOfHanRun(phrase)) {
    if (syllable) runs[runs.length - 1].push(syllable);
    else runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}
