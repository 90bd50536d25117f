import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { textOfHtml } from '../domain/html-sanitiser.js';
import { summaryFrom, type ImportedDocument } from './imported-document.js';

// `---` YAML `---` at the top (after blank lines), the document after it.
const FRONT_MATTER = /^\uFEFF?\s*---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export class DocumentFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentFormatError';
  }
}

function firstString(matter: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = matter[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[,，、]/);
  return [];
}

/**
 * An HTML or Markdown document with YAML front matter, as blogs and aggregators publish it
 * (seed 000): title, date, author, cover image (`headimg`/`thumbnail`/`cover`), tags or
 * categories, optional source/outlet, url, summary and region.
 */
export function parseFrontMatterDocument(
  content: string,
  format: 'html' | 'markdown',
): ImportedDocument {
  const match = FRONT_MATTER.exec(content);
  let matter: Record<string, unknown> = {};
  if (match) {
    let parsed: unknown;
    try {
      parsed = parseYaml(match[1]!, { maxAliasCount: 10 });
    } catch (error) {
      throw new DocumentFormatError(`the front matter is not YAML: ${(error as Error).message}`);
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      matter = parsed as Record<string, unknown>;
  }
  const body = match ? content.slice(match[0].length) : content;
  const bodyHtml =
    format === 'markdown' ? (marked.parse(body, { async: false, gfm: true }) as string) : body;
  const text = textOfHtml(bodyHtml);
  const title =
    firstString(matter, 'title') ??
    text
      .split('\n')
      .find((line) => line.trim())
      ?.trim();
  if (!title) throw new DocumentFormatError('the document has no title');
  const author = firstString(matter, 'author');
  const outlet = firstString(matter, 'source', 'outlet') ?? author;
  const originalUrl = firstString(matter, 'url', 'link', 'originalUrl', 'original_url');
  const tags = [...stringList(matter.tags), ...stringList(matter.categories)]
    .map((tag) => tag.trim())
    .filter((tag) => tag && tag !== '分类')
    .slice(0, 20);
  return {
    title,
    summary: firstString(matter, 'summary', 'description', 'excerpt') ?? summaryFrom(text),
    bodyHtml,
    coverImageUrl: firstString(matter, 'cover', 'headimg', 'thumbnail', 'image'),
    source: {
      ...(outlet && { outlet }),
      ...(author && { author }),
      ...(originalUrl && { originalUrl }),
      ...(firstString(matter, 'editor') && { editor: firstString(matter, 'editor') }),
    },
    region: firstString(matter, 'region'),
    tags,
    publishedAt: firstString(matter, 'date', 'published', 'publishedAt'),
  };
}
