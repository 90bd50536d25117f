import type { ArticleContentInput } from '../domain/article-content.js';

export type ImportFormat = 'html' | 'markdown' | 'text';

/** A document parsed into what a draft needs; `bodyHtml` is sanitized later with every draft. */
export type ImportedDocument = Omit<ArticleContentInput, 'kind'>;

/** A plain-text paragraph as HTML: text escaped, nothing else. */
export function paragraphHtml(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return `<p>${escaped}</p>`;
}

/** A short summary from the body text: its first sentences up to `maxChars`. */
export function summaryFrom(text: string, maxChars = 120): string | undefined {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  if ([...flat].length <= maxChars) return flat;
  return `${[...flat].slice(0, maxChars - 1).join('')}…`;
}
