import { readFileSync, readdirSync } from 'node:fs';
import type { NewsFeedHarness } from './news-feed-harness.js';

const SEED_DATA = new URL('../../seed-data/', import.meta.url);

/** A seed document by its number ('000', '002', '003', '004'): the service's copy in seed-data/. */
export function seed(prefix: string): string {
  const name = readdirSync(SEED_DATA).find((file) => file.startsWith(`${prefix}-`));
  if (!name) throw new Error(`no seed ${prefix}`);
  return readFileSync(new URL(name, SEED_DATA), 'utf8');
}

/** The registry's carriers that seeds 000 and 003 name (ids as the tests give them). */
export const QIDI = '665f1c2ab8e4a1f3c9d20001';
export const DEZHOU_CENTER = '665f1c2ab8e4a1f3c9d20002';

/** Both carriers, as the registry's created events carry them (启迪之星 with its traditional alias). */
export async function publishDezhouCarriers(h: Pick<NewsFeedHarness, 'publishCarrier'>) {
  await h.publishCarrier({
    carrierId: QIDI,
    version: 1,
    name: '启迪之星（德州）',
    aliases: ['啟迪之星（德州）'],
  });
  await h.publishCarrier({
    carrierId: DEZHOU_CENTER,
    version: 1,
    name: '德州市高新技术创业服务中心',
  });
}
