import { prepareContent } from '../domain/article-content.js';
import type { Article } from '../domain/article.js';
import { articleFingerprint } from '../domain/article-fingerprint.js';
import { carrierLikeNames } from '../domain/carrier-mentions.js';
import type { Editor } from '../domain/editorial-workflow.js';
import { textOfHtml } from '../domain/html-sanitiser.js';
import type { ImportReport, ImportWarning } from '../domain/import-report.js';
import { readImportedDocument, type ImportRequest } from '../import/document-import.js';
import { createOnce, mentionsIn } from './editorial-desk.js';
import type { NewsFeedContext } from './news-feed-context.js';

/**
 * A draft from a document as staff paste it, cleaned, with its import report: what the cleaning
 * did, and warnings — the ones the document gives, carrier-like names when no carrier is
 * linked, probable duplicates of articles already here (by content fingerprint). A retry with
 * the same Idempotency-Key gets the first draft.
 */
export function importDocument(
  context: NewsFeedContext,
  request: ImportRequest,
  editor: Editor,
  idempotencyKey: string | undefined,
): Promise<Article> {
  return createOnce(context, 'importDocument', request, editor, idempotencyKey, async () => {
    const { content: input, report } = readImportedDocument(request);
    const content = prepareContent(input);
    const mentions = await mentionsIn(context, content);
    const warnings: ImportWarning[] = [...report.warnings];
    if (mentions.length === 0) {
      const names = carrierLikeNames(
        [content.title, content.summary, textOfHtml(content.bodyHtml)].join('\n'),
      );
      if (names.length > 0)
        warnings.push({
          code: 'carriers-not-found',
          message: `no registered carrier is mentioned, although the text names ${names.slice(0, 3).join('、')}${names.length > 3 ? '…' : ''}: check the names or the registry`,
          names: names.slice(0, 10),
        });
    }
    const fingerprint = articleFingerprint(content)?.fingerprint;
    for (const duplicate of fingerprint
      ? await context.articles.probableDuplicates(fingerprint)
      : [])
      warnings.push({
        code: 'probable-duplicate',
        message: `probably a copy of article ${duplicate.id} (${duplicate.title}): ${Math.round(duplicate.similarity * 100)}% alike`,
        articleId: duplicate.id,
        title: duplicate.title,
        similarity: duplicate.similarity,
      });
    const importReport: ImportReport = { ...report, warnings };
    return { content, mentions, importReport };
  });
}
