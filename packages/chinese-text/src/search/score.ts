import { LRUCache } from 'lru-cache';
import { pinyinOfHanRun } from '../pinyin/pinyin.js';
import { isSyllable, segmentPinyin, segmentPinyinWithInitials } from '../pinyin/syllables.js';
import type { AnalyzedQuery } from './analyze-query.js';
import { searchForm } from './search-form.js';
import { HAN_RUN, type TextRun } from './text-runs.js';

export interface ScoredField {
  text: string;
  /** Multiplies the field's score: e.g. name 3, aliases 2, operator 1, body 0.5. Default 1. */
  weight?: number;
}

/** Characters of a field the scorer reads: enough for names and the lead of an article. */
export const SCORED_CHARS = 512;
/** Pinyin matching is tried on fields up to this length (names and titles). */
export const PINYIN_SCORED_CHARS = 128;

/**
 * Relevance of a candidate (one already selected by its keys) to a query: higher is better,
 * 0 when no field contains anything of the query. Per field, weighted:
 * the whole query as the field (100), at its start (60) or inside it (40); each Han term of the
 * query found (10 per character); each Latin word found as the field's pinyin or initials (30
 * at the start, 20 elsewhere) or as a plain word (15); each number found (5). A field's score is
 * raised by up to ×2 the more of it the query covers, so "青岛高新区" ranks the carrier named
 * exactly that above one that merely mentions it.
 */
export function scoreMatch(query: AnalyzedQuery, fields: readonly ScoredField[]): number {
  return scorePreparedMatch(query, prepareScoredFields(fields));
}

/** A field with what the scorer needs of its text computed (see prepareScoredFields). */
export interface PreparedScoredField {
  readonly weight: number;
  readonly profile: FieldProfile;
}

/**
 * The fields of a document prepared for scoreMatch once (their search form, pinyin and initials),
 * for a caller that scores the same document against many queries: keep the result with the
 * document and pass it to scorePreparedMatch, which then only compares strings.
 */
export function prepareScoredFields(fields: readonly ScoredField[]): PreparedScoredField[] {
  const prepared: PreparedScoredField[] = [];
  for (const field of fields) {
    if (typeof field.text !== 'string') continue; // an optional field left undefined
    const profile = profileOf(field.text);
    if (profile.form) prepared.push({ weight: field.weight ?? 1, profile });
  }
  return prepared;
}

/** scoreMatch over fields prepared by prepareScoredFields: the same score. */
export function scorePreparedMatch(
  query: AnalyzedQuery,
  fields: readonly PreparedScoredField[],
): number {
  const { whole, wholeLength, terms } = preparedQuery(query);
  if (!whole) return 0;
  let total = 0;
  for (const { profile, weight } of fields) {
    const text = profile.form;
    let score = 0;
    if (text === whole) score += 100;
    else if (text.startsWith(whole)) score += 60;
    else if (text.includes(whole)) score += 40;
    for (const term of terms) {
      if (term.kind === 'han') {
        if (text.includes(term.text)) score += 10 * term.length;
      } else if (term.kind === 'digits') {
        if (text.includes(term.text)) score += 5;
      } else if (term.length >= 2) {
        score += latinScore(profile, term.text, term.mixedUnits);
      }
    }
    if (score === 0) continue;
    const coverage = Math.min(1, wholeLength / profile.length);
    total += score * (1 + coverage) * weight;
  }
  return Math.round(total * 100) / 100;
}

interface PreparedTerm extends TextRun {
  length: number;
  /** For a Latin word of whole syllables mixed with initials: its units (qing, d, g, x, q). */
  mixedUnits?: string[];
}

interface PreparedQuery {
  /** The normalized query without spaces, and its length in characters. */
  whole: string;
  wholeLength: number;
  terms: PreparedTerm[];
}

// One query is scored against hundreds of candidates: what it contributes is prepared once.
const preparedByQuery = new WeakMap<AnalyzedQuery, PreparedQuery>();

function preparedQuery(query: AnalyzedQuery): PreparedQuery {
  let prepared = preparedByQuery.get(query);
  if (!prepared) {
    const whole = query.normalized.replace(/\s+/g, '');
    prepared = {
      whole,
      wholeLength: Array.from(whole).length,
      terms: query.terms.map((term) => ({
        ...term,
        length: Array.from(term.text).length,
        mixedUnits: term.kind === 'latin' ? mixedPinyinUnits(term.text) : undefined,
      })),
    };
    preparedByQuery.set(query, prepared);
  }
  return prepared;
}

/** What the scorer needs of a field, computed once per distinct short text. */
export interface FieldProfile {
  /** searchForm without spaces, first SCORED_CHARS characters. */
  form: string;
  /** Its length in characters. */
  length: number;
  /** Pinyin of its Han characters, joined, and their initials (short fields only). */
  syllables?: string[];
  pinyin?: string;
  initials?: string;
}

// Names, aliases and titles are scored again and again: their profiles are kept.
const profiles = new LRUCache<string, FieldProfile>({ max: 50_000 });

function profileOf(text: string): FieldProfile {
  const cached = profiles.get(text);
  if (cached) return cached;
  const head = Array.from(text.slice(0, 2 * SCORED_CHARS))
    .slice(0, SCORED_CHARS)
    .join('');
  const form = searchForm(head).replace(/\s+/g, '');
  const profile: FieldProfile = { form, length: Array.from(form).length };
  if (profile.length <= PINYIN_SCORED_CHARS) {
    const syllables = (form.match(HAN_RUN) ?? [])
      .flatMap((run) => pinyinOfHanRun(run))
      .filter((syllable): syllable is string => syllable !== undefined);
    profile.syllables = syllables;
    profile.pinyin = syllables.join('');
    profile.initials = syllables.map((syllable) => syllable[0]).join('');
    profiles.set(text, profile);
  }
  return profile;
}

function latinScore(profile: FieldProfile, word: string, mixedUnits?: string[]): number {
  const { form, syllables, pinyin, initials } = profile;
  if (!syllables || pinyin === undefined || initials === undefined) {
    return form.includes(word) ? 15 : 0;
  }
  if (pinyin.startsWith(word) || initials.startsWith(word)) return 30;
  if (pinyin.includes(word) || initials.includes(word)) return 20;
  if (form.includes(word)) return 15;
  if (!mixedUnits) return 0;
  const at = findUnits(syllables, mixedUnits);
  return at === 0 ? 30 : at > 0 ? 20 : 0;
}

/** First position where each unit is the syllable or, for a lone letter, its initial; else -1. */
function findUnits(syllables: readonly string[], units: readonly string[]): number {
  for (let start = 0; start + units.length <= syllables.length; start++) {
    const fits = units.every((unit, k) =>
      isSyllable(unit) ? syllables[start + k] === unit : syllables[start + k][0] === unit,
    );
    if (fits) return start;
  }
  return -1;
}

/** "qingdgxq" → [qing, d, g, x, q]: whole syllables next to letters standing for initials. */
function mixedPinyinUnits(word: string): string[] | undefined {
  if (segmentPinyin(word)) return undefined;
  const units = segmentPinyinWithInitials(word);
  const mixed = units.some((unit) => unit.length > 1) && units.some((unit) => !isSyllable(unit));
  return mixed ? units : undefined;
}
