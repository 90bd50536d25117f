import type { ArticleContent } from './article.js';
import { contentFingerprint, fingerprintBands } from './content-fingerprint.js';
import { textOfHtml } from './html-sanitiser.js';

/** The stored fingerprint of an article's text (its body; title and summary for a short body). */
export function articleFingerprint(
  content: ArticleContent,
): { fingerprint: string; fingerprintBands: string[] } | undefined {
  const fingerprint =
    contentFingerprint(textOfHtml(content.bodyHtml)) ??
    contentFingerprint([content.title, content.summary, textOfHtml(content.bodyHtml)].join('\n'));
  return fingerprint ? { fingerprint, fingerprintBands: fingerprintBands(fingerprint) } : undefined;
}
