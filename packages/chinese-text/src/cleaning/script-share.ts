import { toSimplified, toTraditional } from '../normalize/chinese-script.js';

/** How much of a text is written in traditional characters. */
export interface ScriptShare {
  /** Han characters that exist only in traditional writing (開, 創, 國…) */
  traditional: number;
  /** Han characters that exist only in simplified writing (开, 创, 国…) */
  simplified: number;
  /** traditional / (traditional + simplified); 0 when the text has neither */
  traditionalShare: number;
}

/**
 * Counts the characters that tell the scripts apart (most characters, 的 一 在 人, are written
 * the same in both and say nothing). Character by character through OpenCC's tables.
 */
export function scriptShare(text: string): ScriptShare {
  let traditional = 0;
  let simplified = 0;
  const seen = new Map<string, 't' | 's' | undefined>();
  for (const char of text.match(/\p{Script=Han}/gu) ?? []) {
    let kind = seen.get(char);
    if (!seen.has(char)) {
      kind = toSimplified(char) !== char ? 't' : toTraditional(char) !== char ? 's' : undefined;
      seen.set(char, kind);
    }
    if (kind === 't') traditional++;
    else if (kind === 's') simplified++;
  }
  const total = traditional + simplified;
  return { traditional, simplified, traditionalShare: total ? traditional / total : 0 };
}
