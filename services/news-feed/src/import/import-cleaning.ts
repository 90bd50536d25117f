import {
  cleanChineseText,
  findRepeatedParagraphs,
  joinWrappedLines,
  normalizeSpaces,
  removeInvisibleCharacters,
  toHalfWidthAlphanumerics,
  type ChineseTextCleaning,
} from '@shuangchuang/chinese-text';
import { reducePastedHtml } from '../domain/html-sanitiser.js';
import type {
  Cleanup,
  CleanupRule,
  DropReason,
  DroppedParagraph,
} from '../domain/import-report.js';
import { barePageNumbers, debrisKindOf, runningHeaders } from './page-debris.js';
import { PastedHtml } from './pasted-html.js';

const MAX_EXAMPLES = 5;
const SHOWN_CHARS = 80;

/** What the cleaning rules did, for the import report. */
export class CleanupLog {
  private readonly counts = new Map<CleanupRule, { count: number; examples: string[] }>();
  readonly dropped: DroppedParagraph[] = [];

  add(rule: CleanupRule, count: number, examples: string[] = []): void {
    if (count === 0) return;
    const entry = this.counts.get(rule) ?? { count: 0, examples: [] };
    entry.count += count;
    for (const example of examples)
      if (entry.examples.length < MAX_EXAMPLES && !entry.examples.includes(example))
        entry.examples.push(example);
    this.counts.set(rule, entry);
  }

  drop(position: number, text: string, reason: DropReason, repeats?: number): void {
    const shown = [...text.trim()];
    this.dropped.push({
      position,
      text:
        shown.length > SHOWN_CHARS
          ? `${shown.slice(0, SHOWN_CHARS - 1).join('')}…`
          : shown.join(''),
      reason,
      ...(repeats !== undefined && { repeats }),
    });
    const rule: CleanupRule =
      reason === 'repeated'
        ? 'repeated-paragraphs'
        : reason === 'page-number'
          ? 'page-numbers'
          : reason === 'running-header'
            ? 'running-headers'
            : 'page-debris';
    this.add(rule, 1, rule === 'page-debris' ? [text.trim()] : []);
  }

  logCharacters(cleaning: Omit<ChineseTextCleaning, 'text'>): void {
    this.add('invisible-characters', cleaning.invisibleCharacters);
    this.add('odd-spaces', cleaning.oddSpaces);
    this.add('half-width-characters', cleaning.halfWidthCharacters);
    this.add(
      'reading-glosses',
      cleaning.glosses.length,
      cleaning.glosses.map((g) => `${g.characters.slice(-1)}${g.gloss}`),
    );
  }

  cleanups(): Cleanup[] {
    return [...this.counts].map(([rule, { count, examples }]) => ({
      rule,
      count,
      ...(examples.length > 0 && { examples }),
    }));
  }
}

/**
 * Pasted plain text, cleaned line by line: characters (invisible, spaces, width, glosses), page
 * debris, PDF page numbers and running headers, lines wrapped inside sentences, repeated
 * paragraphs. Blank lines and the line structure of what is left are kept for the parser.
 */
export function cleanPastedText(content: string, log: CleanupLog): string {
  const characters = cleanChineseText(content.replace(/\r\n?/g, '\n'));
  log.logCharacters(characters);
  const lines = characters.text.split('\n');

  const pageNumbers = barePageNumbers(lines);
  lines.forEach((line, i) => {
    if (debrisKindOf(line) === 'page-number') pageNumbers.add(i);
  });
  const headers = runningHeaders(lines, pageNumbers);
  const kept: { line: string; position: number }[] = [];
  lines.forEach((line, i) => {
    const reason = pageNumbers.has(i)
      ? 'page-number'
      : headers.has(i)
        ? 'running-header'
        : debrisKindOf(line);
    if (reason) log.drop(i + 1, line, reason);
    else kept.push({ line, position: i + 1 });
  });

  const wrapped = joinWrappedLines(kept.map((k) => k.line));
  log.add('wrapped-lines', wrapped.joined);
  const joined = wrapped.lines.map((line, i) => ({
    line,
    position: kept[wrapped.starts[i]!]!.position,
  }));

  const paragraphs = joined.filter((p) => p.line.trim());
  const repeated = new Set<number>();
  for (const { index, firstIndex } of findRepeatedParagraphs(paragraphs.map((p) => p.line))) {
    const paragraph = paragraphs[index]!;
    log.drop(paragraph.position, paragraph.line, 'repeated', paragraphs[firstIndex]!.position);
    repeated.add(paragraph.position);
  }
  return joined
    .filter((p) => !repeated.has(p.position))
    .map((p) => p.line)
    .join('\n');
}

// What WeChat and Word put into pasted HTML that reducePastedHtml takes out.
const PASTED_MARKUP =
  /<section\b|<span\b|<font\b|<o:p\b|\sstyle\s*=|\sclass\s*=\s*["']?Mso|\sdata-src\s*=|<!--\[if|<!\[if/gi;

/**
 * Pasted HTML reduced to its structure (reducePastedHtml) and cleaned block by block: characters
 * in every text node, glosses across markup, empty paragraphs, page debris, repeated paragraphs.
 * The caller may still drop metadata blocks before taking its HTML.
 */
export function cleanPastedHtml(html: string, log: CleanupLog): PastedHtml {
  const markup = html.match(PASTED_MARKUP) ?? [];
  log.add('pasted-html', markup.length, [
    ...new Set(markup.map((m) => m.trim().replace(/\s*=$/, ''))),
  ]);
  const pasted = new PastedHtml(reducePastedHtml(html));
  const characters = { invisibleCharacters: 0, oddSpaces: 0, halfWidthCharacters: 0 };
  pasted.rewriteText((text) => {
    const invisible = removeInvisibleCharacters(text);
    const spaces = normalizeSpaces(invisible.text);
    const width = toHalfWidthAlphanumerics(spaces.text);
    characters.invisibleCharacters += invisible.count;
    characters.oddSpaces += spaces.count;
    characters.halfWidthCharacters += width.count;
    return width.text;
  });
  log.logCharacters({ ...characters, glosses: pasted.removeGlosses() });

  const blocks = pasted.blocks();
  const kept: { text: string; position: number; remove: () => void }[] = [];
  blocks.forEach((block, i) => {
    const remove = () => pasted.remove(block.element);
    if (!block.text && !block.hasImage) {
      if (block.element.name !== 'div') {
        log.add('empty-paragraphs', 1);
        remove();
      }
      return;
    }
    const reason = block.hasImage ? undefined : debrisKindOf(block.text);
    if (reason) {
      log.drop(i + 1, block.text, reason);
      remove();
    } else if (block.text) kept.push({ text: block.text, position: i + 1, remove });
  });
  for (const { index, firstIndex } of findRepeatedParagraphs(kept.map((k) => k.text))) {
    const block = kept[index]!;
    log.drop(block.position, block.text, 'repeated', kept[firstIndex]!.position);
    block.remove();
  }
  return pasted;
}
