import { ARTICLE_KINDS, type ArticleContent, type ArticleKind } from './article.js';
import { ArticleRuleError } from './errors.js';
import { safeHttpUrl, sanitizeArticleHtml } from './html-sanitiser.js';

/** Content as it arrives (from the API or an import), before the rules are applied. */
export interface ArticleContentInput {
  kind: string;
  title: string;
  summary?: string;
  bodyHtml: string;
  coverImageUrl?: string;
  source?: { outlet?: string; originalUrl?: string; author?: string; editor?: string };
  region?: string;
  tags?: string[];
  publishedAt?: string | Date;
}

export const BODY_HTML_MAX_CHARS = 200_000;

function cleanText(value: string | undefined, max: number): string | undefined {
  // Control characters other than line breaks have no place in titles or names.
  // eslint-disable-next-line no-control-regex
  const cleaned = value?.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '').trim();
  return cleaned ? cleaned.slice(0, max) : undefined;
}

function dateOf(value: string | Date | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ArticleRuleError('publishedAt', 'publishedAt is not a valid time');
  return date;
}

/** Applies the content rules: sanitized body, http(s) URLs only, trimmed texts, unique tags. */
export function prepareContent(input: ArticleContentInput): ArticleContent {
  if (!ARTICLE_KINDS.includes(input.kind as ArticleKind))
    throw new ArticleRuleError('kind', `kind must be one of ${ARTICLE_KINDS.join(', ')}`);
  const title = cleanText(input.title, 200);
  if (!title) throw new ArticleRuleError('title', 'title must not be empty');
  if (input.bodyHtml.length > BODY_HTML_MAX_CHARS)
    throw new ArticleRuleError(
      'bodyHtml',
      `bodyHtml is longer than ${BODY_HTML_MAX_CHARS} characters`,
    );
  const source = input.source && {
    outlet: cleanText(input.source.outlet, 100),
    originalUrl: safeHttpUrl(input.source.originalUrl),
    author: cleanText(input.source.author, 100),
    editor: cleanText(input.source.editor, 100),
  };
  const tags = [...new Set((input.tags ?? []).map((tag) => cleanText(tag, 30)).filter(Boolean))];
  const content: ArticleContent = {
    kind: input.kind as ArticleKind,
    title,
    bodyHtml: sanitizeArticleHtml(input.bodyHtml),
    tags: tags as string[],
  };
  const summary = cleanText(input.summary, 500);
  if (summary) content.summary = summary;
  const cover = safeHttpUrl(input.coverImageUrl);
  if (cover) content.coverImageUrl = cover;
  const region = cleanText(input.region, 50);
  if (region) content.region = region;
  if (source) {
    const kept = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined));
    if (Object.keys(kept).length > 0) content.source = kept;
  }
  const publishedAt = dateOf(input.publishedAt);
  if (publishedAt) content.publishedAt = publishedAt;
  return content;
}
