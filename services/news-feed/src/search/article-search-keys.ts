import { buildSearchKeys } from '@shuangchuang/chinese-text';
import type { ArticleContent } from '../domain/article.js';
import { textOfHtml } from '../domain/html-sanitiser.js';

/** Keys of the title (found by any part), summary, tags and body text (found by its keywords). */
export function articleSearchKeys(content: ArticleContent): string[] {
  return buildSearchKeys([
    { text: content.title, weight: 3 },
    ...(content.tags ?? []).map((tag) => ({ text: tag, weight: 2 })),
    ...(content.summary ? [{ text: content.summary, weight: 2 }] : []),
    { text: textOfHtml(content.bodyHtml), weight: 1 },
  ]);
}
