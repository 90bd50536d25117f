import {
  normalizeSpaces,
  removeInvisibleCharacters,
  toHalfWidthAlphanumerics,
} from './invisible-characters.js';
import { removeReadingGlosses, type ReadingGloss } from './reading-glosses.js';

/** What the character-level rules did to a text. */
export interface ChineseTextCleaning {
  text: string;
  invisibleCharacters: number;
  oddSpaces: number;
  halfWidthCharacters: number;
  glosses: ReadingGloss[];
}

// A gloss can hide another (孵(fū)(fū)); rounds until none is left, bounded.
const MAX_GLOSS_ROUNDS = 4;

/**
 * The character-level rules for pasted text, in order: invisible and control characters out,
 * odd spaces as spaces, full-width digits and letters half-width, reading glosses out. Text
 * stays in the script it was written in. Idempotent: cleaning the result changes nothing.
 */
export function cleanChineseText(input: string): ChineseTextCleaning {
  const invisible = removeInvisibleCharacters(input);
  const spaces = normalizeSpaces(invisible.text);
  const halfWidth = toHalfWidthAlphanumerics(spaces.text);
  let text = halfWidth.text;
  const glosses: ReadingGloss[] = [];
  for (let round = 0; round < MAX_GLOSS_ROUNDS; round++) {
    const removed = removeReadingGlosses(text);
    if (removed.glosses.length === 0) break;
    glosses.push(...removed.glosses);
    text = removed.text;
  }
  return {
    text,
    invisibleCharacters: invisible.count,
    oddSpaces: spaces.count,
    halfWidthCharacters: halfWidth.count,
    glosses,
  };
}
