import { ValidationError } from '../http/problem.js';

/** Longest key accepted; the contracts say the same (`Idempotency-Key` maxLength). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

function refuse(message: string): never {
  throw new ValidationError(`Idempotency-Key ${message}`, [{ path: 'Idempotency-Key', message }]);
}

/**
 * The key of an `Idempotency-Key` header. The IETF draft (draft-ietf-httpapi-idempotency-key-header)
 * makes it a structured-field string: `"…"` with `\"` and `\\` escapes, printable ASCII only.
 * The quoted form is read as such; a bare value (what most clients send) is the key as it is.
 * Either way the key is 1–255 printable ASCII characters, else 400.
 */
export function idempotencyKeyOf(header: string | undefined): string {
  const value = header?.trim() ?? '';
  if (value === '') refuse('is required for this request');
  let key = value;
  if (value.startsWith('"')) {
    let parsed = '';
    let index = 1;
    for (; index < value.length; index++) {
      const char = value[index]!;
      if (char === '"') break;
      if (char === '\\') {
        const escaped = value[++index];
        if (escaped !== '"' && escaped !== '\\') refuse('has an invalid escape in its quoted form');
        parsed += escaped;
      } else parsed += char;
    }
    if (index !== value.length - 1) refuse('must be one quoted string');
    key = parsed;
  }
  if (!PRINTABLE_ASCII.test(key)) refuse('must be printable ASCII characters only');
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    refuse(`must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`);
  }
  return key;
}
