// China mainland mobile numbers: 11 digits starting 13–19, optionally prefixed by +86 / 86.
const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
// Practical email shape (RFC 5321 length limits); deliverability is not our business here.
const EMAIL_PATTERN =
  /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Returns the 11-digit national form, or null when the input is not a China mobile number. */
export function normalizeChinaMobile(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '');
  const national = compact.replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
  return MOBILE_PATTERN.test(national) ? national : null;
}

export function isChinaMobile(input: string): boolean {
  return normalizeChinaMobile(input) !== null;
}

export function isEmail(input: string): boolean {
  if (input.length > 254) return false;
  const [local] = input.split('@');
  if (!local || local.length > 64 || local.startsWith('.') || local.endsWith('.')) return false;
  if (input.includes('..')) return false;
  return EMAIL_PATTERN.test(input);
}
