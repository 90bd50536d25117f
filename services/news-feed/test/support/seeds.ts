import { readFileSync } from 'node:fs';

const SEEDS = [
  '000_97366566f1b2f9ce.txt',
  '002_12abd4c250cbd233.txt',
  '003_e76ead47ac12de58.txt',
  '004_2ef833c0381b2e01.txt',
];

/** A seed document of ../shared/seeds by its number ('000', '002', '003', '004'). */
export function seed(prefix: string): string {
  const name = SEEDS.find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}`);
  return readFileSync(new URL(`../../../../../shared/seeds/${name}`, import.meta.url), 'utf8');
}
