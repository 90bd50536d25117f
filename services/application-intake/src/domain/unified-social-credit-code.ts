// 统一社会信用代码 (GB 32100-2015): 18 characters drawn from a 31-character alphabet
// (digits and capitals without I, O, Z, S, V). Position 1 is the registering authority,
// 2 the organisation kind, 3–8 the administrative division (digits), 9–17 the organisation
// code body, 18 the check character computed over the first 17 with the weights below.

export const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem =
  'length' | 'character' | 'administrative-division' | 'check-character';

export type CreditCodeCheck =
  { valid: true; code: string } | { valid: false; problem: CreditCodeProblem };

/** The check character for the first 17 characters, or null if any is outside the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CODE_ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return CODE_ALPHABET[check]!;
}

export function checkUnifiedSocialCreditCode(input: string): CreditCodeCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { valid: false, problem: 'length' };
  for (const ch of code)
    if (!CODE_ALPHABET.includes(ch)) return { valid: false, problem: 'character' };
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return { valid: false, problem: 'administrative-division' };
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) {
    return { valid: false, problem: 'check-character' };
  }
  return { valid: true, code };
}

export function isUnifiedSocialCreditCode(input: string): boolean {
  return checkUnifiedSocialCreditCode(input).valid;
}
