import { normalizeOrganisationName } from '@shuangchuang/chinese-text';
import type { ArticleContent, MentionedCarrier } from './article.js';
import { textOfHtml } from './html-sanitiser.js';

/** A registry carrier as the read model knows it: the names an article may call it by. */
export interface KnownCarrier {
  id: string;
  name: string;
  aliases: string[];
}

// Shorter names match inside longer ones by accident (德州 in every 德州 article); a carrier's
// name of fewer characters than this is not looked for.
const MIN_NAME_KEY_CHARS = 4;

/** The matching keys of a carrier's names (simplified, brackets unified), longest first. */
export function mentionKeysOf(carrier: Pick<KnownCarrier, 'name' | 'aliases'>): string[] {
  const keys = [carrier.name, ...carrier.aliases]
    .map((name) => normalizeOrganisationName(name))
    .filter((key) => [...key].length >= MIN_NAME_KEY_CHARS);
  return [...new Set(keys)].sort((a, b) => b.length - a.length);
}

/** The text an article is searched in for mentions: title, summary and body text, as one key. */
export function mentionTextOf(parts: (string | undefined)[]): string {
  return normalizeOrganisationName(parts.filter(Boolean).join('\n'));
}

/** Carriers named in an article's title, summary or body text. */
export function carriersMentionedIn(
  content: ArticleContent,
  carriers: Iterable<{ id: string; name: string; keys: string[] }>,
): MentionedCarrier[] {
  return findMentions(
    mentionTextOf([content.title, content.summary, textOfHtml(content.bodyHtml)]),
    carriers,
  );
}

/** Carriers named in the text, by name or alias, in simplified or traditional characters. */
export function findMentions(
  mentionText: string,
  carriers: Iterable<{ id: string; name: string; keys: string[] }>,
): MentionedCarrier[] {
  const found: MentionedCarrier[] = [];
  for (const carrier of carriers) {
    if (carrier.keys.some((key) => mentionText.includes(key)))
      found.push({ id: carrier.id, name: carrier.name });
  }
  return found;
}

// What a carrier's name ends with (longest first, so 创新创业园 wins over 创业园).
const CARRIER_SUFFIXES = [
  '专业化众创空间',
  '国家大学科技园',
  '科技企业孵化器',
  '创新创业孵化基地',
  '创新创业基地',
  '创新创业园',
  '双创示范基地',
  '小微企业双创基地',
  '创业孵化基地',
  '创业孵化中心',
  '创业服务中心',
  '大学科技园',
  '众创空间',
  '创客空间',
  '创客之家',
  '创业苗圃',
  '孵化基地',
  '孵化中心',
  '孵化器',
  '加速器',
  '科技园',
  '创业园',
  '产业园',
];
const CARRIER_NAME = new RegExp(
  `([\\p{Script=Han}A-Za-z0-9()·]{2,24}?)(${CARRIER_SUFFIXES.join('|')})`,
  'gu',
);
// Where a name cannot reach back past: verbs, conjunctions, counts (我省认定|省级众创空间).
const NAME_BOUNDARY =
  /.*(?:的|和|与|及|或|在|为|是|将|把|对|由|向|从|以|等|了|共|有|就|被|让|使|给|也|还|都|其|即|获批|认定|备案|成为|建设|打造|依托|入驻|举办|推动|支持|加快|推进|鼓励|引导|培育|围绕|通过|发展|提升|优化|新建|建成|组建|申报|评为|获得|荣获|关于|根据|按照|做好|探索|实施|完成|力争|简称|包括|其中|以及|积极|继续|进一步|基本|家|个|批|类|期|年|月|日|号)/u;
// Words that describe a kind of carrier rather than name one.
const GENERIC_PREFIX =
  /^(?:国家级|省级|市级|县级|区级|自治区级|国家|全国|全省|全市|全县|全区|各级|各类|首批|新型|一批|高质量|专业化|科技企业|科技型|综合性|示范|重点|现有|相关|此类|该|本|各|省内|市内|县内|区内|省|市|县|区|特色|一体化|体化|下)+/u;
const GENERIC_CORE = /^(?:大学|高校|企业|科技|创新|创业|双创|高新|产业|园区|基地|孵化)+$/u;
// …and the same words at its end: 做好专业化众创空间 names no carrier either.
const GENERIC_SUFFIX = /(?:国家级|省级|市级|县级|区级|专业化|科技企业|特色|一体化|新型|示范)+$/u;
/**
 * Names in a text that look like carriers' names (极有鲜众创空间, 启迪之星(德州)孵化器) but not
 * kinds of carrier (省级众创空间, 国家级科技企业孵化器): a name part of at least two characters
 * before a carrier word, after the last verb or conjunction. A heuristic for a warning, not a match.
 */
export function carrierLikeNames(text: string): string[] {
  const simplified = normalizeOrganisationName(text.replace(/[，。；、：！？\s,;:!?]+/g, '|'));
  const names = new Set<string>();
  for (const match of simplified.matchAll(CARRIER_NAME)) {
    const name = match[1]!
      .replace(NAME_BOUNDARY, '')
      .replace(/^[\d.]+/, '')
      .replace(GENERIC_PREFIX, '');
    const core = name.replace(/\(.*?\)/g, '').replace(GENERIC_SUFFIX, '');
    if ([...core].length >= 2 && /\p{Script=Han}{2}/u.test(core) && !GENERIC_CORE.test(core))
      names.add(name + match[2]!);
  }
  return [...names];
}
