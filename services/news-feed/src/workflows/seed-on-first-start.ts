import type { Logger } from '@shuangchuang/service-kit';
import type { Editor } from '../domain/editorial-workflow.js';
import { seedImports } from '../import/seed-documents.js';
import { approveArticle, submitArticle } from './editorial-desk.js';
import { importDocument } from './import-document.js';
import type { NewsFeedContext } from './news-feed-context.js';

/** The seed is imported and approved by the system, as an editor and a chief editor would. */
export const SEED_EDITOR: Editor = {
  userId: 'system:first-start-seed',
  roles: ['editor', 'chief-editor'],
};

export interface FirstStartSeedOptions {
  /** how long the carrier read model must stay unchanged before publishing (mentions) */
  quietMs: number;
  /** publish anyway after this long, with the carriers known by then */
  maxWaitMs: number;
}

/**
 * Publishes the seed articles when news-feed holds no article at all: each goes through the
 * import, submission and approval the editorial API uses. It first waits for the registry's
 * carriers to arrive in the read model (their number unchanged for `quietMs`), so the articles
 * link the carriers they name; the fixed idempotency keys make two instances starting together
 * publish each article once. Returns the number published (0 when the feed was not empty).
 */
export async function seedOnFirstStart(
  context: NewsFeedContext,
  logger: Logger,
  options: FirstStartSeedOptions,
): Promise<number> {
  if (!(await context.articles.isEmpty())) return 0;
  const known = await carriersSettled(context, options.quietMs, options.maxWaitMs);
  logger.info({ carriersKnown: known }, 'seeding the empty news feed with the seed articles');
  let published = 0;
  for (const { key, request } of seedImports()) {
    let current = await importDocument(context, request, SEED_EDITOR, `first-start-seed-${key}`);
    if (current.status === 'draft') current = await submitArticle(context, current.id);
    if (current.status === 'in_review') {
      // the seed documents are known: their import warnings are noted, and acknowledged
      const warnings = current.importReport?.warnings ?? [];
      if (warnings.length)
        logger.info(
          { seed: key, warnings: warnings.map((w) => w.code) },
          'seed article published with import warnings acknowledged',
        );
      await approveArticle(context, current.id, undefined, SEED_EDITOR, true);
      published += 1;
    }
  }
  return published;
}

async function carriersSettled(
  context: NewsFeedContext,
  quietMs: number,
  maxWaitMs: number,
): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let count = (await context.carriers.mentionable()).length;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    if (count > 0 && Date.now() - stableSince >= quietMs) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, quietMs)));
    const next = (await context.carriers.mentionable()).length;
    if (next !== count) {
      count = next;
      stableSince = Date.now();
    }
  }
  return count;
}
