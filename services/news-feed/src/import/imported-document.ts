import type { ArticleContentInput } from '../domain/article-content.js';
import type { FoundField } from '../domain/import-report.js';
import type { FoundMetadata } from './article-metadata.js';

export type ImportFormat = 'html' | 'markdown' | 'text';

/**
 * A document parsed into what a draft needs, and how each field was found; `bodyHtml` is
 * sanitized later with every draft.
 */
export type ImportedDocument = Omit<ArticleContentInput, 'kind'> & { fields: FoundField[] };

/** A field as the report lists it; none when there is no value. */
export function foundField(
  field: FoundField['field'],
  value: string | Date | undefined,
  basis: FoundField['basis'],
  rule: string,
): FoundField[] {
  if (value === undefined) return [];
  return [
    {
      field,
      value: value instanceof Date ? value.toISOString() : value,
      basis,
      rule,
      guessed: basis === 'layout' || basis === 'text',
    },
  ];
}

/** The fields findMetadata found, as the import report lists them. */
export function fieldsOfMetadata(found: FoundMetadata): FoundField[] {
  const fields: FoundField[] = [];
  const basis = (guessed: boolean, line: boolean) =>
    guessed ? (line ? ('layout' as const) : ('text' as const)) : ('labelled-line' as const);
  if (found.title)
    fields.push({
      field: 'title',
      value: found.title.value,
      basis: basis(true, found.title.rule !== 'first-clause'),
      rule: found.title.rule,
      guessed: true,
    });
  if (found.publishedAt)
    fields.push({
      field: 'publishedAt',
      value: found.publishedAt.value.toISOString(),
      basis: basis(found.publishedAt.guessed, found.publishedAt.rule !== 'first-date-in-text'),
      rule: `${found.publishedAt.rule}: ${found.publishedAt.written}`,
      guessed: found.publishedAt.guessed,
    });
  for (const [field, value] of [
    ['source.outlet', found.outlet],
    ['source.author', found.author],
    ['source.editor', found.editor],
  ] as const)
    if (value)
      fields.push({
        field,
        value: value.value,
        basis: 'labelled-line',
        rule: value.rule,
        guessed: false,
      });
  return fields;
}

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
