import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';
import { domainDictionary } from './domain-words.js';

let jieba: Jieba | undefined;
let tfIdf: TfIdf | undefined;

// Loading the dictionary takes a few hundred milliseconds: done once, on first use (or warmUp).
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(domainDictionary());
  }
  return jieba;
}

/** Words of simplified Chinese text, in order (jieba precise mode with HMM for unknown words). */
export function segmentWords(simplified: string): string[] {
  return segmenter().cut(simplified, true);
}

/** The `limit` most characteristic words of a long text (jieba TF-IDF), best first. */
export function keywordsOf(simplified: string, limit: number): string[] {
  tfIdf ??= TfIdf.withDict(idf);
  return tfIdf.extractKeywords(segmenter(), simplified, limit).map((keyword) => keyword.keyword);
}
