import { comparisonKeys } from './sentences.js';

/** Display width as a PDF lays text out: CJK and full-width forms take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      // curly quotes and the em dash are set full width in Chinese text
      (code >= 0x2014 && code <= 0x201d) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      code >= 0x20000
        ? 2
        : 1;
  }
  return width;
}

// A line that ends like this ends its sentence: it is not a wrap.
const ENDS_SENTENCE = /[。！？；：!?;:….]["'”’」』）)]?$/u;
// A line that starts like this starts a paragraph: 一、 （一） 1. 1、 第一条 ● ▲ and the like.
const STARTS_PARAGRAPH =
  /^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．)]|第[一二三四五六七八九十百\d]+[条章节]|[●○■□◆◇▲△※★☆·•-])/u;
const MIN_WRAP_WIDTH = 30; // 15 Chinese characters
// lines that end at the wrap column: within one character of it
const MODE_TOLERANCE = 2;
// an indent of two characters (ideographic spaces become one space each), a half-width digit
// run, or punctuation a PDF pushed to the next line
const WIDTH_TOLERANCE = 6;

// A paragraph's first line is indented by two characters; its spaces were made single by then.
const INDENT_WIDTH = 4;

/** The width a line takes on the page, its paragraph indent counted as two characters. */
function pageWidth(raw: string): number {
  return displayWidth(raw.trim()) + (/^\s+\S/.test(raw) ? INDENT_WIDTH : 0);
}

/** The width at which a copied PDF wrapped its lines, if the lines show one. */
export function wrapWidth(lines: readonly string[]): number | undefined {
  // the same line again, however written (a repeated paragraph), is no evidence of a page width
  const keys = comparisonKeys(lines);
  const distinct = new Map(lines.map((line, i) => [keys[i], line]));
  const widths = [...distinct.values()].map(pageWidth).filter((w) => w >= MIN_WRAP_WIDTH);
  if (widths.length < 3) return undefined;
  const byWidth = new Map<number, number>();
  for (const width of widths) byWidth.set(width, (byWidth.get(width) ?? 0) + 1);
  let best: { width: number; lines: number } | undefined;
  for (const width of byWidth.keys()) {
    const near = widths.filter((w) => w <= width && w >= width - MODE_TOLERANCE).length;
    if (!best || near > best.lines || (near === best.lines && width > best.width))
      best = { width, lines: near };
  }
  // Wrapped text: many lines end at the same column, and hardly any line (a title) is longer.
  if (!best || best.lines < 3 || best.lines < widths.length * 0.4) return undefined;
  const longer = widths.filter((w) => w > best.width).length;
  return longer <= Math.max(1, widths.length * 0.1) ? best.width : undefined;
}

/**
 * Re-joins lines that a PDF copy or a converter broke inside a sentence: where the lines show a
 * wrap width, a line that reaches it and does not end a sentence continues on the next line
 * (unless that one is blank, indented or starts a list item). Chinese joins without a space,
 * Latin words with one. Lines of text without a wrap width (one paragraph a line) are left alone.
 */
export function joinWrappedLines(lines: readonly string[]): {
  lines: string[];
  /** for each line given back, the index of the first line it was made of */
  starts: number[];
  joined: number;
} {
  const width = wrapWidth(lines);
  if (width === undefined) return { lines: [...lines], starts: lines.map((_, i) => i), joined: 0 };
  const out: string[] = [];
  const starts: number[] = [];
  let joined = 0;
  let continues = false;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (continues && line && !/^\s{2,}/.test(raw) && !STARTS_PARAGRAPH.test(line)) {
      const previous = out.pop()!;
      const space = /[A-Za-z0-9]$/.test(previous) && /^[A-Za-z0-9]/.test(line) ? ' ' : '';
      out.push(previous + space + line);
      joined++;
    } else {
      out.push(raw);
      starts.push(index);
    }
    const current = out.at(-1)!.trim();
    continues =
      line.length > 0 && pageWidth(raw) >= width - WIDTH_TOLERANCE && !ENDS_SENTENCE.test(current);
  }
  return { lines: out, starts, joined };
}
