import { polyphonic } from 'pinyin-pro';
import { isSyllable, segmentPinyin } from '../pinyin/syllables.js';
import { zhuyinOfSyllable } from './zhuyin.js';

/** A pronunciation gloss found after Han characters, and where it stood. */
export interface ReadingGloss {
  /** the characters it glosses */
  characters: string;
  /** the gloss as written, brackets included */
  gloss: string;
  /** offset of the removed text (the gloss and a space before it) in the input */
  start: number;
  end: number;
}

export interface GlossesRemoved {
  text: string;
  glosses: ReadingGloss[];
}

// A bracketed group right after a Han character (one space allowed): 孵(fū), 棧（zhàn）, 栈 (ㄓㄢˋ).
const CANDIDATE = /(\p{Script=Han})( ?)([(（])([^()（）\n]{1,40})([)）])/gu;
const ZHUYIN = /^[\u3105-\u312F\u31A0-\u31BFˉˊˇˋ˙ ]+$/u;
const ZHUYIN_TONES = /[ˉˊˇˋ˙]/gu;
const TONE_MARKED_VOWEL = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]/iu;
const PINYIN = /^[a-zA-Züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿê:1-5 '’·-]+$/u;

interface GlossSyllables {
  syllables: string[];
  /** written with tones or in zhuyin: a pronunciation gloss for sure */
  marked: boolean;
  zhuyin: boolean;
  lowerCase: boolean;
}

function tonelessPinyin(text: string): string {
  return text
    .toLowerCase()
    .replace(/ü|u:|ǖ|ǘ|ǚ|ǜ/g, 'v')
    .normalize('NFD')
    .replace(/\p{Mn}+/gu, '')
    .normalize('NFC');
}

/** The syllables a gloss spells, or undefined when it is not a pinyin or zhuyin gloss. */
function glossSyllables(content: string): GlossSyllables | undefined {
  const text = content.trim();
  if (!text) return undefined;
  if (ZHUYIN.test(text)) {
    // a tone mark ends a syllable (the neutral-tone dot starts one); spaces separate too
    const syllables = text
      .replace(/([ˊˇˋˉ])/gu, '$1 ')
      .replace(/˙/gu, ' ')
      .split(/\s+/)
      .map((s) => s.replace(ZHUYIN_TONES, ''))
      .filter(Boolean);
    return { syllables, marked: true, zhuyin: true, lowerCase: true };
  }
  if (!PINYIN.test(text) || !/[a-zA-Zü]/.test(text)) return undefined;
  const numbered = /[a-zü:][1-5]/i.test(text);
  const marked = numbered || TONE_MARKED_VOWEL.test(text);
  const syllables: string[] = [];
  for (const word of text.split(/[\s'’·-]+/).filter(Boolean)) {
    // tone numbers end syllables: fu1hua4 → fu, hua
    const parts = numbered ? word.split(/(?<=[1-5])/) : [word];
    for (const part of parts) {
      const toneless = tonelessPinyin(part.replace(/[1-5]$/, ''));
      if (/[^a-z]/.test(toneless)) return undefined;
      if (isSyllable(toneless)) syllables.push(toneless);
      else {
        // written together with tone marks: fūhuà → fu hua
        const split = marked && !numbered ? segmentPinyin(toneless) : undefined;
        if (!split) return undefined;
        syllables.push(...split);
      }
    }
  }
  return { syllables, marked, zhuyin: false, lowerCase: text === text.toLowerCase() };
}

/** Every reading pinyin-pro knows for a character (polyphones included), toneless, ü as v. */
function readingsOf(character: string): string[] {
  const readings = polyphonic(character, { type: 'array', toneType: 'none' })[0] ?? [];
  return readings.map((reading) => tonelessPinyin(reading));
}

function glossReads(characters: string[], gloss: GlossSyllables): boolean {
  return characters.every((character, i) => {
    const wanted = gloss.syllables[i]!;
    return readingsOf(character).some((reading) =>
      gloss.zhuyin ? zhuyinOfSyllable(reading) === wanted : reading === wanted,
    );
  });
}

/**
 * Removes pinyin and zhuyin glosses that converters put after "difficult" characters —
 * 孵(fū)化器, 棧（zhàn）, 栈(zhan4), 栈(ㄓㄢˋ), 孵化(fū huà) — but only where the gloss is a reading
 * of the characters before it (pinyin-pro's readings, polyphones included, tones not compared:
 * converters write tone sandhi), so real brackets stay: (2020), (试行), （第三批）, 北京(Beijing).
 * A gloss without tone marks is taken only for a single character and in lower case.
 */
export function removeReadingGlosses(text: string): GlossesRemoved {
  const glosses: ReadingGloss[] = [];
  let result = '';
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const [whole, , space, open, content, close] = match;
    const gloss = glossSyllables(content!);
    if (!gloss || gloss.syllables.length === 0 || gloss.syllables.length > 4) continue;
    if (!gloss.marked && (gloss.syllables.length > 1 || !gloss.lowerCase)) continue;
    // the characters the gloss reads: as many Han characters as it has syllables, before it
    const before = [...text.slice(Math.max(0, match.index - 8), match.index + 1)];
    const characters = before.slice(-gloss.syllables.length);
    if (
      characters.length !== gloss.syllables.length ||
      !characters.every((c) => /\p{Script=Han}/u.test(c)) ||
      !glossReads(characters, gloss)
    )
      continue;
    const start = match.index + 1; // after the last glossed character
    if (start < last) continue;
    result += text.slice(last, start);
    last = match.index + whole.length;
    glosses.push({
      characters: characters.join(''),
      gloss: `${open}${content}${close}`,
      start,
      end: last,
    });
    void space;
  }
  return { text: result + text.slice(last), glosses };
}
