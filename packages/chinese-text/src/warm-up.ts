import { toSimplified } from './normalize/chinese-script.js';
import { pinyinSyllables } from './pinyin/syllables.js';
import { segmentWords } from './segmentation/jieba.js';

/**
 * Loads the dictionaries (opencc, jieba, the pinyin syllable table) now rather than on the first
 * request; call it at service start-up, before reporting ready. Takes well under a second.
 */
export function warmUp(): void {
  toSimplified('啟動');
  segmentWords('启动');
  pinyinSyllables();
}
