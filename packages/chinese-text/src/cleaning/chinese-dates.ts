/** A calendar date written in a Chinese text; `year` is absent for 3月5日. */
export interface WrittenDate {
  text: string;
  index: number;
  year?: number;
  month: number;
  day?: number;
  hour?: number;
  minute?: number;
}

const DIGIT: Record<string, number> = Object.fromEntries(
  [...'〇○零ＯO一二三四五六七八九'].map((c, i) => [c, Math.max(0, i - 4)]),
);

/** 二〇一九 → 2019 (digit by digit). */
function chineseYear(text: string): number {
  return Number([...text].map((c) => DIGIT[c]).join(''));
}

/** 五 → 5, 十 → 10, 十二 → 12, 二十五 → 25, 三十一 → 31. */
function chineseNumber(text: string): number {
  if (!text.includes('十')) return DIGIT[text] ?? NaN;
  const [tens, units] = text.split('十');
  return (tens ? DIGIT[tens]! : 1) * 10 + (units ? DIGIT[units]! : 0);
}

const TIME = String.raw`(?:\s*(\d{1,2})[:：](\d{2}))?`;
const PATTERNS: {
  regex: RegExp;
  read: (m: RegExpExecArray) => Omit<WrittenDate, 'text' | 'index'>;
}[] = [
  {
    // 2019年3月5日, 2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日 09:30
    regex: new RegExp(
      String.raw`(?<![\d〔[(（.])((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.]))${TIME}`,
      'gu',
    ),
    read: (m) => ({
      year: Number(m[1]),
      month: Number(m[2] ?? m[4]),
      day: Number(m[3] ?? m[5]),
      ...(m[6] !== undefined && { hour: Number(m[6]), minute: Number(m[7]) }),
    }),
  },
  {
    // 二〇一九年三月五日, 二〇二一年七月二十九日, 二〇一九年三月
    regex:
      /([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月(?:\s*([一二三四五六七八九十]{1,3})\s*[日号])?/gu,
    read: (m) => ({
      year: chineseYear(m[1]!),
      month: chineseNumber(m[2]!),
      ...(m[3] !== undefined && { day: chineseNumber(m[3]) }),
    }),
  },
  {
    // 3月5日, 3月5号 (the year from context)
    regex: new RegExp(String.raw`(?<![\d年./-])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]${TIME}`, 'gu'),
    read: (m) => ({
      month: Number(m[1]),
      day: Number(m[2]),
      ...(m[3] !== undefined && { hour: Number(m[3]), minute: Number(m[4]) }),
    }),
  },
  {
    // 2019年3月 (a month)
    regex: /(?<![\d〔[(（])((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d)/gu,
    read: (m) => ({ year: Number(m[1]), month: Number(m[2]) }),
  },
];

function valid(date: Omit<WrittenDate, 'text' | 'index'>): boolean {
  const { year = 2000, month, day = 1, hour = 0, minute = 0 } = date;
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59)) return false;
  // 2月30日 is not a date
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCDate() === day && check.getUTCMonth() === month - 1;
}

/**
 * Dates written in a text, in the order they appear: 2019年3月5日, 2019-03-05, 2019.3.5,
 * 二〇一九年三月五日, 二〇一九年三月, 3月5日 (no year), each with a time when one follows (10:21).
 * Years in document numbers (〔2019〕) are not dates; impossible days are skipped.
 */
export function findWrittenDates(text: string): WrittenDate[] {
  const found: WrittenDate[] = [];
  const taken: [number, number][] = [];
  for (const { regex, read } of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const date = read(match as RegExpExecArray);
      if (!valid(date)) continue;
      taken.push([start, end]);
      found.push({ text: match[0].trim(), index: start, ...date });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The year a text is about, for dates written without one: its first full date's, else its first 20xx年. */
export function yearInContext(text: string): number | undefined {
  const full = findWrittenDates(text).find(
    (date) => date.year !== undefined && date.day !== undefined,
  );
  if (full) return full.year;
  const year = /(?<!\d)((?:19|20)\d{2})\s*年/u.exec(text);
  return year ? Number(year[1]) : undefined;
}
