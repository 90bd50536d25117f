import { readFileSync } from 'node:fs';
import type { ImportRequest } from './document-import.js';

/** The seed documents of ../shared/seeds, copied to seed-data/, as the import reads them. */
const SEED_DOCUMENTS: Array<{
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

/** Each seed document as an import request, with its number ('000', '002', '003', '004'). */
export function seedImports(): Array<{ key: string; request: ImportRequest }> {
  return SEED_DOCUMENTS.map((seed) => ({
    key: seed.key,
    request: {
      ...seed.request,
      content: readFileSync(new URL(`../../seed-data/${seed.file}`, import.meta.url), 'utf8'),
    },
  }));
}
