import { readFileSync, readdirSync } from 'node:fs';

const SEED_DATA = new URL('../../seed-data/', import.meta.url);

/** A seed document by its number ('000', '002', '003', '004'): the service's copy in seed-data/. */
export function seed(prefix: string): string {
  const name = readdirSync(SEED_DATA).find((file) => file.startsWith(`${prefix}-`));
  if (!name) throw new Error(`no seed ${prefix}`);
  return readFileSync(new URL(name, SEED_DATA), 'utf8');
}
