import type { ArticleContentInput } from '../domain/article-content.js';
import type { ArticleKind } from '../domain/article.js';
import { parseFrontMatterDocument } from './front-matter-document.js';
import type { ImportFormat } from './imported-document.js';
import { parsePlainTextDocument } from './plain-text-document.js';

export interface ImportRequest {
  format: ImportFormat;
  content: string;
  kind?: ArticleKind;
  originalUrl?: string;
}

/** The draft content a posted document gives; the caller applies the content rules to it. */
export function contentOfDocument(request: ImportRequest): ArticleContentInput {
  const parsed =
    request.format === 'text'
      ? parsePlainTextDocument(request.content)
      : parseFrontMatterDocument(request.content, request.format);
  const publishedAt = parsed.publishedAt;
  return {
    ...parsed,
    // a notice is a notice: 通知 in the title of a text import without a kind
    kind: request.kind ?? (/通知|公告|通告/.test(parsed.title) ? 'notice' : 'news'),
    source: {
      ...parsed.source,
      ...(request.originalUrl && { originalUrl: request.originalUrl }),
    },
    ...(publishedAt !== undefined && { publishedAt }),
  };
}
