/** A rule's output: the text and how many places it changed. */
export interface Cleaned {
  text: string;
  count: number;
}

// Zero-width spaces and joiners, bidirectional marks, word joiner, BOM and soft hyphen: converters
// and web pages leave them inside words, where they break matching and search.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// C0 and C1 controls except tab and line breaks.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Private-use code points: Word's Symbol-font bullets () and PDF glyphs without Unicode.
const PRIVATE_USE = /[\uE000-\uF8FF]/g;

/** Removes zero-width, control and private-use characters. */
export function removeInvisibleCharacters(text: string): Cleaned {
  let count = 0;
  const cleaned = text
    .replace(INVISIBLE, () => (count++, ''))
    .replace(CONTROL, () => (count++, ''))
    .replace(PRIVATE_USE, () => (count++, ''));
  return { text: cleaned, count };
}

// No-break, en/em/thin, narrow no-break, medium mathematical and ideographic spaces.
const ODD_SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g;

/** Every kind of space as an ASCII space (the ideographic space of indented paragraphs too). */
export function normalizeSpaces(text: string): Cleaned {
  let count = 0;
  return { text: text.replace(ODD_SPACES, () => (count++, ' ')), count };
}

// Full-width digits and Latin letters (０–９, Ａ–Ｚ, ａ–ｚ); full-width punctuation is Chinese
// typography and stays.
const FULL_WIDTH_ALPHANUMERIC = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

/** Full-width digits and Latin letters as ASCII (２０２０ → 2020, ＡＩ → AI). */
export function toHalfWidthAlphanumerics(text: string): Cleaned {
  let count = 0;
  const cleaned = text.replace(FULL_WIDTH_ALPHANUMERIC, (char) => {
    count++;
    return String.fromCharCode(char.charCodeAt(0) - 0xfee0);
  });
  return { text: cleaned, count };
}
