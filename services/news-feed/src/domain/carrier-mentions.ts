import { normalizeOrganisationName } from '@shuangchuang/chinese-text';
import type { MentionedCarrier } from './article.js';

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
