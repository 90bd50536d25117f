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
 * the same in both and say nothing), through OpenCC's tables.
 */
export function scriptShare(text: string): ScriptShare {
  const han = (text.match(/\p{Script=Han}+/gu) ?? []).join('');
  // whole-text conversions (phrase-level, nearly always character for character); where a
  // phrase changed the length, character by character
  const [asSimplified, asTraditional] = [[...toSimplified(han)], [...toTraditional(han)]];
  const chars = [...han];
  const aligned = asSimplified.length === chars.length && asTraditional.length === chars.length;
  let traditional = 0;
  let simplified = 0;
  chars.forEach((char, i) => {
    const simplifiedForm = aligned ? asSimplified[i] : toSimplified(char);
    const traditionalForm = aligned ? asTraditional[i] : toTraditional(char);
    if (simplifiedForm !== char) traditional++;
    else if (traditionalForm !== char) simplified++;
  });
  const total = traditional + simplified;
  return { traditional, simplified, traditionalShare: total ? traditional / total : 0 };
}
