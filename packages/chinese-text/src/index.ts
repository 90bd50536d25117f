export { normalizeText, type NormalizeTextOptions } from './normalize/normalize-text.js';
export {
  toSimplified,
  toTraditional,
  type TraditionalVariant,
} from './normalize/chinese-script.js';
export { normalizeOrganisationName } from './normalize/organisation-name.js';
export { normalizeDocumentNumber } from './normalize/document-number.js';
export { pinyinOf, initialsOf } from './pinyin/pinyin.js';
export { segmentPinyin } from './pinyin/syllables.js';
export { segmentWords, keywordsOf } from './segmentation/jieba.js';
export {
  buildSearchKeys,
  SEARCH_KEY_DEFAULTS,
  type SearchField,
  type SearchKeyOptions,
} from './search/search-keys.js';
export {
  analyzeQuery,
  ANALYZE_QUERY_DEFAULTS,
  type AnalyzedQuery,
  type AnalyzeQueryOptions,
} from './search/analyze-query.js';
export {
  prepareScoredFields,
  scoreMatch,
  scorePreparedMatch,
  type FieldProfile,
  type PreparedScoredField,
  type ScoredField,
} from './search/score.js';
export { searchKeyFilter } from './search/mongo-filter.js';
export { escapeRegex } from './search/escape-regex.js';
export { warmUp } from './warm-up.js';
export {
  removeInvisibleCharacters,
  normalizeSpaces,
  toHalfWidthAlphanumerics,
  type Cleaned,
} from './cleaning/invisible-characters.js';
export {
  removeReadingGlosses,
  type GlossesRemoved,
  type ReadingGloss,
} from './cleaning/reading-glosses.js';
export { zhuyinOfSyllable } from './cleaning/zhuyin.js';
export { splitSentences, comparisonKey, comparisonKeys } from './cleaning/sentences.js';
export {
  findRepeatedParagraphs,
  MIN_REPEATED_PARAGRAPH_CHARS,
  type RepeatedParagraph,
} from './cleaning/repeated-paragraphs.js';
export { joinWrappedLines, wrapWidth, displayWidth } from './cleaning/wrapped-lines.js';
export { scriptShare, type ScriptShare } from './cleaning/script-share.js';
export { findWrittenDates, yearInContext, type WrittenDate } from './cleaning/chinese-dates.js';
export { cleanChineseText, type ChineseTextCleaning } from './cleaning/clean-text.js';
