import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { textOfHtml } from '../domain/html-sanitiser.js';
import type { FoundField } from '../domain/import-report.js';
import { findMetadata, type FoundMetadata } from './article-metadata.js';
import { cleanPastedHtml, CleanupLog } from './import-cleaning.js';
import {
  fieldsOfMetadata,
  foundField,
  summaryFrom,
  type ImportedDocument,
} from './imported-document.js';

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
 * categories, optional source/outlet, url, summary and region. Without front matter (HTML pasted
 * from WeChat or Word), what the text says of itself (findMetadata). The body is cleaned block by
 * block (cleanPastedHtml).
 */
export function parseFrontMatterDocument(
  content: string,
  format: 'html' | 'markdown',
  log = new CleanupLog(),
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
  const pasted = cleanPastedHtml(
    format === 'markdown' ? (marked.parse(body, { async: false, gfm: true }) as string) : body,
    log,
  );
  // what front matter does not say, the text may (labelled lines, a headline, a dateline)
  const has = (...keys: string[]) => firstString(matter, ...keys) !== undefined;
  let found: FoundMetadata = { consumed: new Set() };
  if (
    !has('title') ||
    !has('date', 'published', 'publishedAt') ||
    !has('source', 'outlet', 'author')
  ) {
    const blocks = pasted.blocks();
    found = findMetadata(blocks.map((block) => block.text));
    if (has('title') && found.title) {
      // the front matter's title is the title; the line taken for one stays in the body
      found.consumed.delete(found.title.line);
      delete found.title;
    }
    for (const [i, block] of blocks.entries())
      if (found.consumed.has(i) && !block.hasImage) pasted.remove(block.element);
  }
  const bodyHtml = pasted.html();
  const text = textOfHtml(bodyHtml);
  const title = firstString(matter, 'title') ?? found.title?.value;
  if (!title) throw new DocumentFormatError('the document has no title');
  const author = firstString(matter, 'author') ?? found.author?.value;
  const outlet = firstString(matter, 'source', 'outlet') ?? found.outlet?.value ?? author;
  const originalUrl = firstString(matter, 'url', 'link', 'originalUrl', 'original_url');
  const editor = firstString(matter, 'editor') ?? found.editor?.value;
  const tags = [...stringList(matter.tags), ...stringList(matter.categories)]
    .map((tag) => tag.trim())
    .filter((tag) => tag && tag !== '分类')
    .slice(0, 20);
  const fromMatter = (field: FoundField['field'], value: string | undefined) =>
    foundField(field, value, 'front-matter', 'front matter');
  const matterDate = firstString(matter, 'date', 'published', 'publishedAt');
  const guessedFields = fieldsOfMetadata(found).filter(
    (f) =>
      !(f.field === 'publishedAt' && matterDate) &&
      !(f.field === 'source.outlet' && has('source', 'outlet')) &&
      !(f.field === 'source.author' && has('author')) &&
      !(f.field === 'source.editor' && has('editor')),
  );
  return {
    fields: [
      ...fromMatter('title', firstString(matter, 'title')),
      ...fromMatter('publishedAt', matterDate),
      ...fromMatter('source.outlet', firstString(matter, 'source', 'outlet')),
      ...fromMatter('source.author', firstString(matter, 'author')),
      ...fromMatter('source.editor', firstString(matter, 'editor')),
      ...guessedFields,
    ],
    title,
    summary: firstString(matter, 'summary', 'description', 'excerpt') ?? summaryFrom(text),
    bodyHtml,
    coverImageUrl: firstString(matter, 'cover', 'headimg', 'thumbnail', 'image'),
    source: {
      ...(outlet && { outlet }),
      ...(author && { author }),
      ...(originalUrl && { originalUrl }),
      ...(editor && { editor }),
    },
    region: firstString(matter, 'region'),
    tags,
    publishedAt: matterDate ?? found.publishedAt?.value.toISOString(),
  };
}
