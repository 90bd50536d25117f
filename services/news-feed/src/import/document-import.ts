import { scriptShare } from '@shuangchuang/chinese-text';
import type { ArticleContentInput } from '../domain/article-content.js';
import type { ArticleKind } from '../domain/article.js';
import { textOfHtml } from '../domain/html-sanitiser.js';
import {
  MANY_REPEATS_SHARE,
  MOSTLY_TRADITIONAL_SHARE,
  type ImportReport,
  type ImportWarning,
} from '../domain/import-report.js';
import { parseFrontMatterDocument } from './front-matter-document.js';
import { CleanupLog } from './import-cleaning.js';
import type { ImportFormat } from './imported-document.js';
import { parsePlainTextDocument } from './plain-text-document.js';

export interface ImportRequest {
  format: ImportFormat;
  content: string;
  kind?: ArticleKind;
  originalUrl?: string;
}

/** The draft content of a posted document, and the report of what reading it took. */
export interface ImportedContent {
  content: ArticleContentInput;
  /** the warnings that need the registry or other articles are added by the editorial desk */
  report: ImportReport;
}

// Fewer script-telling characters than this say nothing about the script.
const MIN_SCRIPT_EVIDENCE = 20;

/** Reads a posted document into draft content; the caller applies the content rules to it. */
export function readImportedDocument(request: ImportRequest): ImportedContent {
  const log = new CleanupLog();
  const { fields, ...parsed } =
    request.format === 'text'
      ? parsePlainTextDocument(request.content, log)
      : parseFrontMatterDocument(request.content, request.format, log);
  const publishedAt = parsed.publishedAt;
  const content: ArticleContentInput = {
    ...parsed,
    // a notice is a notice: 通知 in the title of a text import without a kind
    kind: request.kind ?? (/通知|公告|通告/.test(parsed.title) ? 'notice' : 'news'),
    source: {
      ...parsed.source,
      ...(request.originalUrl && { originalUrl: request.originalUrl }),
    },
    ...(publishedAt !== undefined && { publishedAt }),
  };

  const bodyText = textOfHtml(content.bodyHtml);
  const script = scriptShare(`${content.title}\n${bodyText}`);
  const warnings: ImportWarning[] = [];
  if (fields.find((f) => f.field === 'title')?.rule === 'first-clause')
    warnings.push({
      code: 'no-title',
      message: `no title found: "${content.title}" is the first clause of the text`,
    });
  const repeated = log.dropped.filter((d) => d.reason === 'repeated').length;
  const paragraphs = repeated + bodyText.split('\n').filter((line) => line.trim()).length;
  if (repeated >= 2 && repeated >= paragraphs * MANY_REPEATS_SHARE)
    warnings.push({
      code: 'many-repeats',
      message: `${repeated} of ${paragraphs} paragraphs repeated earlier ones and were dropped: check that nothing is missing`,
    });
  if (
    script.traditional >= MIN_SCRIPT_EVIDENCE &&
    script.traditionalShare >= MOSTLY_TRADITIONAL_SHARE
  )
    warnings.push({
      code: 'mostly-traditional',
      message: `the text is mostly in traditional characters (${Math.round(script.traditionalShare * 100)}%): it is stored as written, searched and linked in its simplified form`,
    });
  return {
    content,
    report: {
      format: request.format,
      cleanups: log.cleanups(),
      droppedParagraphs: log.dropped,
      fields,
      traditionalShare: Math.round(script.traditionalShare * 1000) / 1000,
      warnings,
    },
  };
}

/** The draft content a posted document gives (readImportedDocument without the report). */
export function contentOfDocument(request: ImportRequest): ArticleContentInput {
  return readImportedDocument(request).content;
}
