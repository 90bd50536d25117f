import { readFileSync } from 'node:fs';
import type { Logger } from '@shuangchuang/service-kit';
import type { CarrierReadModel } from '../data-access/carrier-read-model.js';
import type { NewsModels } from '../data-access/news-models.js';
import type { Editor } from '../domain/editorial-workflow.js';
import type { EditorialDesk } from '../workflows/editorial-desk.js';
import type { ImportRequest } from './document-import.js';

/** The seed documents of ../shared/seeds, copied to seed-data/, as the import reads them. */
export const SEED_DOCUMENTS: Array<{
  key: string;
  file: string;
  request: Omit<ImportRequest, 'content'>;
}> = [
  { key: '000', file: '000-dezhou-double-honor.txt', request: { format: 'html' } },
  { key: '002', file: '002-most-notice-2020-73.txt', request: { format: 'text' } },
  { key: '003', file: '003-yiyuan-incubation-chain-plan.txt', request: { format: 'text' } },
  {
    key: '004',
    file: '004-gansu-daily-shuangchuang.txt',
    request: {
      format: 'text',
      originalUrl: 'https://gansu.gscn.com.cn/system/2021/10/19/012650521.shtml',
    },
  },
];

/** The seed is imported and approved by the system, as an editor and a chief editor would. */
export const SEED_EDITOR: Editor = {
  userId: 'system:first-start-seed',
  roles: ['editor', 'chief-editor'],
};

export interface FirstStartSeedOptions {
  /** how long the carrier read model must stay unchanged before publishing (mentions) */
  quietMs?: number;
  /** publish anyway after this long, with the carriers known by then */
  maxWaitMs?: number;
}

/**
 * Publishes the seed articles when news-feed holds no article at all: each goes through the
 * import, submission and approval the editorial API uses. It first waits for the registry's
 * carriers to arrive in the read model (its size unchanged for `quietMs`), so the articles link
 * the carriers they name; the fixed idempotency keys make two instances starting together
 * publish each article once. Returns the number published (0 when the feed was not empty).
 */
export async function seedOnFirstStart(
  deps: { desk: EditorialDesk; models: NewsModels; carriers: CarrierReadModel; logger: Logger },
  options: FirstStartSeedOptions = {},
): Promise<number> {
  const { desk, models, carriers, logger } = deps;
  if ((await models.articles.estimatedDocumentCount()) > 0) return 0;
  const known = await carriersSettled(
    carriers,
    options.quietMs ?? 3_000,
    options.maxWaitMs ?? 60_000,
  );
  logger.info({ carriersKnown: known }, 'seeding the empty news feed with the seed articles');
  let published = 0;
  for (const seed of SEED_DOCUMENTS) {
    const content = readFileSync(new URL(`../../seed-data/${seed.file}`, import.meta.url), 'utf8');
    const { article } = await desk.importDocument(
      { ...seed.request, content },
      SEED_EDITOR,
      `first-start-seed-${seed.key}`,
    );
    let current = article;
    if (current.status === 'draft') current = await desk.submit(current.id);
    if (current.status === 'in_review') {
      // the seed documents are known: their import warnings are noted, and acknowledged
      const warnings = current.importReport?.warnings ?? [];
      if (warnings.length)
        logger.info(
          { seed: seed.key, warnings: warnings.map((w) => w.code) },
          'seed article published with import warnings acknowledged',
        );
      await desk.approve(current.id, undefined, SEED_EDITOR, true);
      published += 1;
    }
  }
  return published;
}

async function carriersSettled(
  carriers: CarrierReadModel,
  quietMs: number,
  maxWaitMs: number,
): Promise<number> {
  const deadline = Date.now() + maxWaitMs;
  let count = (await carriers.mentionable()).length;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    if (count > 0 && Date.now() - stableSince >= quietMs) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, quietMs)));
    const next = (await carriers.mentionable()).length;
    if (next !== count) {
      count = next;
      stableSince = Date.now();
    }
  }
  return count;
}
