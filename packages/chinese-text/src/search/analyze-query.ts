import { searchForm } from './search-form.js';
import { isSyllable, segmentPinyin, segmentPinyinWithInitials } from '../pinyin/syllables.js';
import { segmentWords } from '../segmentation/jieba.js';
import { hanBigrams, initialsWindows, syllablePairs } from './key-scheme.js';
import { QUERY_STOPWORDS } from './stopwords.js';
import { textRuns, type TextRun } from './text-runs.js';

export interface AnalyzeQueryOptions {
  /**
   * Search-as-you-type: a last Latin word that spells whole syllables may still be unfinished
   * ("qingda" on its way to "qingdao" also accepts 青岛). Broadens the match, so leave it off
   * for submitted searches. Default false. (A word ending in a lone letter, "qingd", is read as
   * pinyin + initial either way.)
   */
  prefix?: boolean;
  /** Characters of the query considered; the rest is ignored (default 64). */
  maxChars?: number;
  /** Groups kept, to bound the database work of one query (default 12). */
  maxGroups?: number;
}

export interface AnalyzedQuery {
  /** The query as given (cut to 4 × maxChars; empty when it was not a string). */
  text: string;
  /** searchForm of the query (normalised, lower case, no accents), cut to maxChars. */
  normalized: string;
  /**
   * The meaningful pieces of the query, for scoring: Han chunks without stopwords (青岛的孵化器 →
   * 青岛, 孵化器), Latin words, numbers.
   */
  terms: TextRun[];
  /**
   * What a document's keys must contain: every group, each by at least one of its keys
   * (an AND of ORs). Keys are made only of Han characters, a–z and 0–9.
   */
  groups: string[][];
  /** Every key of every group, once (e.g. for a `$in` pre-filter). */
  tokens: string[];
}

export const ANALYZE_QUERY_DEFAULTS = { prefix: false, maxChars: 64, maxGroups: 12 };

/**
 * Turns what a user typed into the keys a matching document must have (see key-scheme.ts).
 * The query is only ever text: nothing in it becomes a regular expression or an operator.
 */
export function analyzeQuery(query: unknown, options: AnalyzeQueryOptions = {}): AnalyzedQuery {
  const { prefix, maxChars, maxGroups } = { ...ANALYZE_QUERY_DEFAULTS, ...options };
  // Anything but a string (a parsed `q[$ne]=` object, an array) is no query at all; a long
  // string is cut before any work is done on it.
  const raw = typeof query === 'string' ? query.slice(0, maxChars * 4) : '';
  const normalized = Array.from(searchForm(raw).replace(/\s+/g, ' '))
    .slice(0, maxChars)
    .join('')
    .trim();
  const runs = textRuns(normalized);
  const groups: string[][] = [];
  const terms: TextRun[] = [];
  runs.forEach((run, index) => {
    const typeahead = prefix && index === runs.length - 1;
    if (run.kind === 'han') {
      const chunks = hanChunks(run.text);
      terms.push(...chunks.map((chunk) => ({ kind: 'han' as const, text: chunk })));
      groups.push(...chunks.flatMap(hanGroups));
    } else {
      terms.push(run);
      groups.push(...(run.kind === 'latin' ? latinGroups(run.text, typeahead) : [[run.text]]));
    }
  });
  const unique = dedupeGroups(groups).slice(0, maxGroups);
  return { text: raw, normalized, terms, groups: unique, tokens: [...new Set(unique.flat())] };
}

/**
 * Han words from jieba, stopwords dropped; consecutive one-character words are rejoined
 * (启迪/之/星 → 启迪, 之星) so that names keep their meaning.
 */
function hanChunks(run: string): string[] {
  const chunks: string[] = [];
  let singles = '';
  const flush = () => {
    if (singles) chunks.push(singles);
    singles = '';
  };
  for (const word of segmentWords(run)) {
    if (QUERY_STOPWORDS.has(word)) flush();
    else if (Array.from(word).length === 1) singles += word;
    else {
      flush();
      chunks.push(word);
    }
  }
  flush();
  return chunks;
}

/** A chunk must appear as its bigrams; a lone character as itself. */
function hanGroups(chunk: string): string[][] {
  const chars = Array.from(chunk);
  return chars.length === 1 ? [[chunk]] : hanBigrams(chars).map((bigram) => [bigram]);
}

/**
 * A Latin word is read as pinyin when it splits into syllables, else as pinyin mixed with
 * initials (all initials being the common case). For a long
 * word the raw word is an alternative in every group: (w ∨ k1) ∧ (w ∨ k2) = w ∨ (k1 ∧ k2), so
 * an English word that happens to spell pinyin still finds documents containing that word.
 */
function latinGroups(word: string, typeahead: boolean): string[][] {
  if (word.length < 2) return []; // one letter selects nothing useful
  const syllables = segmentPinyin(word);
  if (syllables) {
    const groups = pinyinGroups(syllables);
    if (typeahead && syllables.length >= 2) {
      // The last syllable may be unfinished: "qingda" is on its way to "qingdao".
      const last = syllables[syllables.length - 1];
      groups[groups.length - 1].push(syllables[syllables.length - 2] + last[0]);
    }
    return withAlternative(groups, word);
  }
  return withAlternative(mixedGroups(segmentPinyinWithInitials(word)), word);
}

/**
 * Full pinyin mixed with initials ("qingdgxq", "qdgxq", or an unfinished "qingd"): the
 * initials of all units, in windows, plus for each whole syllable the key joining it to the
 * next unit (qing+d → "qingd", qing+dao → "qingdao"), or the syllable itself when it is last.
 */
function mixedGroups(units: string[]): string[][] {
  const groups = initialsWindows(units.map((unit) => unit[0]).join('')).map((window) => [window]);
  units.forEach((unit, i) => {
    if (!isSyllable(unit)) return;
    const next = units[i + 1];
    if (next === undefined) groups.push([unit]);
    else groups.push([unit + (isSyllable(next) ? next : next[0])]);
  });
  return groups;
}

function pinyinGroups(syllables: string[]): string[][] {
  if (syllables.length <= 2) return [[syllables.join('')]];
  return syllablePairs(syllables).map((pair) => [pair]);
}

function withAlternative(groups: string[][], word: string): string[][] {
  return groups.map((group) => [...new Set([...group, word])]);
}

function dedupeGroups(groups: string[][]): string[][] {
  const seen = new Set<string>();
  return groups.filter((group) => {
    const key = [...group].sort().join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
