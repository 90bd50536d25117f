/** A maximal run of Han characters. */
export const HAN_RUN = /\p{Script=Han}+/gu;

export type RunKind = 'han' | 'latin' | 'digits';

export interface TextRun {
  kind: RunKind;
  text: string;
}

// Everything else (spaces, punctuation, symbols, $ { } . * …) separates runs and is never kept.
const RUN = /(\p{Script=Han}+)|([a-z]+)|([0-9]+)/gu;

/**
 * Splits normalized, lower-cased text into runs of Han characters, Latin letters and digits.
 * This is the one tokenizer both the index side and the query side use, so that a query can
 * only ever produce tokens made of Han characters, a–z and 0–9.
 */
export function textRuns(normalizedLowerCase: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const match of normalizedLowerCase.matchAll(RUN)) {
    if (match[1]) runs.push({ kind: 'han', text: match[1] });
    else if (match[2]) runs.push({ kind: 'latin', text: match[2] });
    else runs.push({ kind: 'digits', text: match[3] });
  }
  return runs;
}

/**
 * Han text of a field as phrases for n-grams and pinyin: consecutive Han runs are joined across
 * spaces and punctuation (青岛 高新区 → 青岛高新区, so "qdgxq" still finds it) but not across
 * Latin letters or digits.
 */
export function hanPhrases(runs: TextRun[]): string[] {
  const phrases: string[] = [];
  let current = '';
  for (const run of runs) {
    if (run.kind === 'han') current += run.text;
    else if (current) {
      phrases.push(current);
      current = '';
    }
  }
  if (current) phrases.push(current);
  return phrases;
}
