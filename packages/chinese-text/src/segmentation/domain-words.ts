/**
 * Words of the 双创 domain added to jieba's general dictionary so that segmentation and keyword
 * extraction keep them whole (jieba format: word, frequency, part of speech).
 */
export const DOMAIN_WORDS: readonly string[] = [
  '众创空间',
  '专业化众创空间',
  '科技企业孵化器',
  '孵化器',
  '加速器',
  '创业苗圃',
  '大学科技园',
  '科技园区',
  '产业园区',
  '双创',
  '双创示范基地',
  '孵化载体',
  '在孵企业',
  '毕业企业',
  '创业导师',
  '创新券',
  '大仪共享',
  '高新区',
  '启迪之星',
];

export function domainDictionary(): Uint8Array {
  return Buffer.from(DOMAIN_WORDS.map((word) => `${word} 20000 n`).join('\n') + '\n');
}
