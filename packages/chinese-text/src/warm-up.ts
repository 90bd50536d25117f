import { toSimplified } from './normalize/chinese-script.js';
import { pinyinSyllables } from './pinyin/syllables.js';
import { keywordsOf, segmentWords } from './segmentation/jieba.js';
import { pinyinOf } from './pinyin/pinyin.js';

/**
 * Loads the dictionaries (opencc, jieba and its TF-IDF table, pinyin-pro) now rather than on the first
 * request; call it at service start-up, before reporting ready. Takes about a second.
 */
export function warmUp(): void {
  toSimplified('啟動');
  segmentWords('启动');
  keywordsOf('科技企业孵化器', 1);
  pinyinOf('重庆银行');
  pinyinSyllables();
}
