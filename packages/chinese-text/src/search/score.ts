import { match as matchPinyin } from 'pinyin-pro';
import { searchForm } from './search-form.js';
import type { AnalyzedQuery } from './analyze-query.js';

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
 * the whole query as the field (100), at its start (60) or inside it (40); each Han run of the
 * query found (10 per character); each Latin word read as pinyin or initials of the field, in a
 * row (20, +10 at the start) or as a plain word (15); each number found (5). A field's score is
 * raised by up to ×2 the more of it the query covers, so "青岛高新区" ranks the carrier named
 * exactly that above one that merely mentions it.
 */
export function scoreMatch(query: AnalyzedQuery, fields: readonly ScoredField[]): number {
  const whole = query.normalized.replace(/\s+/g, '');
  if (!whole) return 0;
  let total = 0;
  for (const field of fields) {
    if (typeof field.text !== 'string') continue; // an optional field left undefined
    const text = searchForm(
      Array.from(field.text.slice(0, 2 * SCORED_CHARS))
        .slice(0, SCORED_CHARS)
        .join(''),
    ).replace(/\s+/g, '');
    if (!text) continue;
    let score = 0;
    if (text === whole) score += 100;
    else if (text.startsWith(whole)) score += 60;
    else if (text.includes(whole)) score += 40;
    for (const run of query.terms) {
      if (run.kind === 'han') {
        if (text.includes(run.text)) score += 10 * Array.from(run.text).length;
      } else if (run.kind === 'digits') {
        if (text.includes(run.text)) score += 5;
      } else if (run.text.length >= 2) {
        score += latinScore(text, run.text);
      }
    }
    if (score === 0) continue;
    const coverage = Math.min(1, Array.from(whole).length / Array.from(text).length);
    total += score * (1 + coverage) * (field.weight ?? 1);
  }
  return Math.round(total * 100) / 100;
}

function latinScore(text: string, word: string): number {
  if (Array.from(text).length <= PINYIN_SCORED_CHARS) {
    const positions = matchPinyin(text, word, { continuous: true });
    if (positions && positions.length > 0) return positions[0] === 0 ? 30 : 20;
  }
  return text.includes(word) ? 15 : 0;
}
