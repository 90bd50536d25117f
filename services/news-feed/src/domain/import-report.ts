// What an import did to the pasted document and what the chief editor should look at before
// publishing it. Kept with the article; the warnings stay open until a chief editor approves the
// article acknowledging them (or the article no longer has the problem).

export const CLEANUP_RULES = [
  'invisible-characters',
  'odd-spaces',
  'half-width-characters',
  'reading-glosses',
  'pasted-html',
  'page-debris',
  'page-numbers',
  'running-headers',
  'wrapped-lines',
  'repeated-paragraphs',
  'empty-paragraphs',
] as const;
export type CleanupRule = (typeof CLEANUP_RULES)[number];

export interface Cleanup {
  rule: CleanupRule;
  /** characters, glosses, lines or paragraphs changed */
  count: number;
  /** a few of them as written (孵(fū), 阅读原文) */
  examples?: string[];
}

export type DropReason =
  | 'repeated'
  | 'follow-prompt'
  | 'read-original'
  | 'share-footer'
  | 'image-placeholder'
  | 'page-navigation'
  | 'page-number'
  | 'running-header';

export interface DroppedParagraph {
  /** 1-based: the line of a text, the paragraph block of HTML */
  position: number;
  /** its text, cut to 80 characters */
  text: string;
  reason: DropReason;
  /** for a repeat: the position of the paragraph it repeats */
  repeats?: number;
}

export type MetadataField =
  'title' | 'publishedAt' | 'source.outlet' | 'source.author' | 'source.editor';

export interface FoundField {
  field: MetadataField;
  value: string;
  /** front-matter and labelled lines are read; layout and text are guessed */
  basis: 'front-matter' | 'labelled-line' | 'layout' | 'text';
  /** which rule found it (first-short-line, dateline, 来源 line…) */
  rule: string;
  guessed: boolean;
}

export const WARNING_CODES = [
  'no-title',
  'many-repeats',
  'mostly-traditional',
  'carriers-not-found',
  'probable-duplicate',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface ImportWarning {
  code: WarningCode;
  message: string;
  /** probable-duplicate: the article it repeats */
  articleId?: string;
  title?: string;
  similarity?: number;
  /** carriers-not-found: the names that look like carriers */
  names?: string[];
}

export interface ImportReport {
  format: 'html' | 'markdown' | 'text';
  cleanups: Cleanup[];
  droppedParagraphs: DroppedParagraph[];
  fields: FoundField[];
  /** share of the script-telling characters that are traditional (0–1) */
  traditionalShare: number;
  warnings: ImportWarning[];
  /** set when a chief editor approved the article with its warnings acknowledged */
  acknowledged?: { by: string; at: Date; codes: WarningCode[] };
}

export const MANY_REPEATS_SHARE = 0.25;
export const MOSTLY_TRADITIONAL_SHARE = 0.5;

/**
 * The warnings a chief editor must still acknowledge: none once acknowledged; otherwise those
 * that still hold — a guessed title the editor has since replaced, or carrier names once the
 * article links a carrier, no longer need a look.
 */
export function openWarnings(article: {
  content: { title: string };
  mentionedCarriers: readonly unknown[];
  importReport?: ImportReport;
}): ImportWarning[] {
  const report = article.importReport;
  if (!report || report.acknowledged) return [];
  const guessedTitle = report.fields.find((f) => f.field === 'title')?.value;
  return report.warnings.filter((warning) => {
    if (warning.code === 'no-title') return article.content.title === guessedTitle;
    if (warning.code === 'carriers-not-found') return article.mentionedCarriers.length === 0;
    return true;
  });
}
