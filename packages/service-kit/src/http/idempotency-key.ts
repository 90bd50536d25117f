import { createHash } from 'node:crypto';
import { ProblemError } from './problem.js';

/**
 * What an Idempotency-Key is bound to: a hash of the request (operation and body), with object
 * keys sorted so that a retry which rebuilds the same body in another order is the same request.
 */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * An Idempotency-Key sent again with a different request: 422, as the IETF idempotency-key draft
 * (draft-ietf-httpapi-idempotency-key-header, "reuse with a different payload") says. A retry of
 * the same request still running is a 409 with Retry-After instead.
 */
export class IdempotencyKeyReusedProblem extends ProblemError {
  constructor(detail = 'this Idempotency-Key was already used for a different request') {
    super({
      status: 422,
      slug: 'idempotency-key-reused',
      title: 'Unprocessable Content',
      detail,
      errors: [{ path: 'Idempotency-Key', message: detail }],
    });
  }
}
