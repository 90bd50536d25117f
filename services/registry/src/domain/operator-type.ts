import type { OperatorType } from './vocabulary.js';

// The last word of a Chinese organisation name says what it is: …研究所 is an institute even when
// it belongs to a company group (中国电子科技集团公司第五十八研究所).
const BY_SUFFIX: Array<[RegExp, OperatorType]> = [
  [/(研究所|研究院|科学院|设计院|实验室|研究中心)$/, 'research_institute'],
  [/(大学|学院|学校)$/, 'university'],
  [/(人民政府|管委会|管理委员会|委员会|办公室|局|厅)$/, 'government'],
  [/(公司|集团)$/, 'company'],
];

/** Best guess of an operator's type from its name, for carriers created by an import. */
export function inferOperatorType(operatorName: string): OperatorType {
  const name = operatorName.replace(/[\s()（）]/g, '');
  return BY_SUFFIX.find(([suffix]) => suffix.test(name))?.[1] ?? 'other';
}
