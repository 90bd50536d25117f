import { findWrittenDates, yearInContext, type WrittenDate } from '@shuangchuang/chinese-text';

// What a document without front matter says about itself, and how sure we are. Lines are the
// document's paragraphs in order (text lines, or the text of HTML blocks).

export type TitleRule = 'headline-in-title-marks' | 'first-short-line' | 'first-clause';
export type DateRule = 'labelled-line' | 'dateline' | 'signature-date' | 'first-date-in-text';

export interface FoundValue<Rule extends string, T = string> {
  value: T;
  rule: Rule;
  /** the line it was read from */
  line: number;
  /** read from the layout or the text, not from a labelled line */
  guessed: boolean;
}

export interface FoundMetadata {
  title?: FoundValue<TitleRule>;
  publishedAt?: FoundValue<DateRule, Date> & { written: string };
  outlet?: FoundValue<'labelled-line'>;
  author?: FoundValue<'labelled-line'>;
  editor?: FoundValue<'labelled-line'>;
  /** lines that only carried metadata (the title, 来源/作者/发布时间 lines): not body */
  consumed: Set<number>;
}

export const MAX_TITLE_CHARS = 60;
const MIN_CLAUSE_CHARS = 10;

const LABEL =
  /(来源|來源|作者|发布时间|發佈時間|發布時間|发布日期|發佈日期|發布日期|发文日期|時間|时间|日期|责任编辑|責任編輯|编辑|編輯|文|图)\s*[:：]\s*/gu;
// how far from each end of the document labelled lines are looked for
const HEAD_LINES = 15;
const TAIL_LINES = 8;
const MAX_META_LINE_CHARS = 80;

const chars = (text: string) => [...text].length;

/** Label → value pairs of a short metadata line: 发布时间：2019-03-05 来源：科技日报 作者：张三. */
function labelledValues(line: string): Map<string, string> | undefined {
  if (chars(line) > MAX_META_LINE_CHARS) return undefined;
  const labels = [...line.matchAll(LABEL)];
  if (labels.length === 0) return undefined;
  // a labelled line starts with its label (or a date before it), not inside a sentence
  const before = line.slice(0, labels[0]!.index).trim();
  if (before && !findWrittenDates(before).length && !/^(原创|原創)$/.test(before)) return undefined;
  const values = new Map<string, string>();
  labels.forEach((label, i) => {
    const end = labels[i + 1]?.index ?? line.length;
    const value = line
      .slice(label.index + label[0].length, end)
      .trim()
      .replace(/\s{2,}.*$/u, '')
      .replace(/[|｜].*$/u, '')
      .trim();
    if (value) values.set(label[1]!, value);
  });
  return values;
}

function pick(values: Map<string, string>, ...labels: string[]): string | undefined {
  for (const label of labels) if (values.get(label)) return values.get(label);
  return undefined;
}

/** A date in Beijing time (a date alone is midnight there). */
export function beijingTime(date: WrittenDate, year: number): Date {
  return new Date(
    Date.UTC(year, date.month - 1, date.day ?? 1, (date.hour ?? 0) - 8, date.minute ?? 0),
  );
}

function dateIn(
  text: string,
  context: number | undefined,
): { date: Date; written: string } | undefined {
  for (const written of findWrittenDates(text)) {
    const year = written.year ?? context;
    if (year !== undefined) return { date: beijingTime(written, year), written: written.text };
  }
  return undefined;
}

const SENTENCE_PUNCTUATION = /[。！？；…，,;!?]$/u;
const TITLE_MARKS = /^《([^《》]{4,60})》$/u;
// a byline: 原创 张三 某某公众号 2019-03-05
const BYLINE = /^(原创|原創)\s/u;

function isDateOnly(line: string): boolean {
  const dates = findWrittenDates(line);
  return dates.length > 0 && line.replace(dates[0]!.text, '').replace(/[\s()（）]/g, '') === '';
}

/**
 * Title, date, source and author of a document without front matter.
 * - 来源： / 作者： / 发布时间： / 发布日期： / 责任编辑： lines (near the top or the bottom).
 * - Title: a line that is a 《…》 headline, else the first short line (≤ 60 characters, not
 *   ending like a sentence), else the first clause of the text, cut to 60 characters.
 * - Date: the labelled one, else a date on a short line near the top (a dateline), else a date
 *   alone on a line near the bottom (under a signature), else the first date in the text; 3月5日
 *   takes its year from the text (its first full date or 20xx年).
 */
export function findMetadata(lines: readonly string[]): FoundMetadata {
  const found: FoundMetadata = { consumed: new Set() };
  const text = lines.join('\n');
  const context = yearInContext(text);
  const nearEnds = lines
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ index }) => index < HEAD_LINES || index >= lines.length - TAIL_LINES);

  for (const { line, index } of nearEnds) {
    const values = labelledValues(line);
    if (!values) continue;
    const outlet = pick(values, '来源', '來源');
    const author = pick(values, '作者');
    const editor = pick(values, '责任编辑', '責任編輯', '编辑', '編輯');
    const when = pick(
      values,
      '发布时间',
      '發佈時間',
      '發布時間',
      '发布日期',
      '發佈日期',
      '發布日期',
      '发文日期',
      '时间',
      '時間',
      '日期',
    );
    const date = when ? dateIn(when, context) : undefined;
    if (!outlet && !author && !editor && !date) continue;
    found.consumed.add(index);
    if (outlet && !found.outlet)
      found.outlet = { value: outlet, rule: 'labelled-line', line: index, guessed: false };
    if (author && !found.author)
      found.author = { value: author, rule: 'labelled-line', line: index, guessed: false };
    if (editor && !found.editor)
      found.editor = { value: editor, rule: 'labelled-line', line: index, guessed: false };
    if (date && !found.publishedAt)
      found.publishedAt = {
        value: date.date,
        written: date.written,
        rule: 'labelled-line',
        line: index,
        guessed: false,
      };
  }

  const candidates = lines
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line, index }) => line && !found.consumed.has(index));
  const head = candidates.slice(0, 6);
  const headline = head.find(({ line }) => TITLE_MARKS.test(line));
  const shortLine = head.find(
    ({ line }) =>
      chars(line) >= 4 &&
      chars(line) <= MAX_TITLE_CHARS &&
      !SENTENCE_PUNCTUATION.test(line) &&
      !BYLINE.test(line) &&
      !isDateOnly(line) &&
      /\p{Script=Han}/u.test(line),
  );
  if (headline) {
    found.title = {
      value: TITLE_MARKS.exec(headline.line)![1]!,
      rule: 'headline-in-title-marks',
      line: headline.index,
      guessed: true,
    };
    found.consumed.add(headline.index);
  } else if (shortLine) {
    found.title = {
      value: shortLine.line,
      rule: 'first-short-line',
      line: shortLine.index,
      guessed: true,
    };
    found.consumed.add(shortLine.index);
  } else if (candidates[0]) {
    const first =
      candidates.find(({ line }) => !BYLINE.test(line) && !isDateOnly(line)) ?? candidates[0];
    // the first clause, with the next ones while it is too short to say anything (近日，…)
    const clauses = first.line.split(/(?<=[，。；！？,;!?：:])/u);
    let clause = '';
    for (const part of clauses) {
      clause += part;
      if (chars(clause.replace(/[，。；！？,;!?：:]$/u, '')) >= MIN_CLAUSE_CHARS) break;
    }
    clause = clause.replace(/[，。；！？,;!?：:]$/u, '').trim() || first.line;
    found.title = {
      value: [...clause].slice(0, MAX_TITLE_CHARS).join(''),
      rule: 'first-clause',
      line: first.index,
      guessed: true,
    };
  }

  if (!found.publishedAt) {
    // a dateline stands above the text: before its first paragraph
    const firstParagraph = candidates.findIndex(
      ({ line, index }) =>
        index !== found.title?.line && (chars(line) > 40 || /[。！？]$/u.test(line)),
    );
    const dateline = candidates
      .slice(0, Math.min(5, firstParagraph < 0 ? 5 : firstParagraph))
      .find(
        ({ line, index }) =>
          index !== found.title?.line &&
          chars(line) <= 40 &&
          dateIn(line, context) &&
          !SENTENCE_PUNCTUATION.test(line),
      );
    const signature = [...candidates]
      .reverse()
      .slice(0, 10)
      .find(({ line }) => isDateOnly(line) && dateIn(line, context));
    const anywhere = candidates.find(({ line }) => dateIn(line, context));
    const [source, rule] = dateline
      ? [dateline, 'dateline' as const]
      : signature
        ? [signature, 'signature-date' as const]
        : [anywhere, 'first-date-in-text' as const];
    if (source) {
      const date = dateIn(source.line, context)!;
      found.publishedAt = {
        value: date.date,
        written: date.written,
        rule,
        line: source.index,
        guessed: true,
      };
      // a byline or dateline carries nothing else the reader needs
      if (rule === 'dateline' && (BYLINE.test(source.line) || isDateOnly(source.line)))
        found.consumed.add(source.index);
    }
  }
  return found;
}
