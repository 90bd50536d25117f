/**
 * Function words dropped from Han queries ("青岛的孵化器" looks for 青岛 and 孵化器). Kept short
 * on purpose: 之, 中, 大 and the like are parts of names (启迪之星, 中关村, 大学科技园).
 */
export const QUERY_STOPWORDS: ReadonlySet<string> = new Set([
  '的',
  '地',
  '得',
  '了',
  '和',
  '与',
  '及',
  '或',
  '在',
  '是',
  '有',
  '等',
  '对',
  '把',
  '被',
  '从',
  '也',
  '都',
  '就',
  '吗',
  '呢',
  '啊',
  '吧',
  '里',
]);
