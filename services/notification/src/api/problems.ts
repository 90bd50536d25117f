import { IdempotencyKeyReusedProblem, ValidationError } from '@shuangchuang/service-kit';
import { BadCursorError } from '../data-access/audiences.js';
import { IdempotencyKeyReusedError } from '../workflows/user-data.js';

/** The service's own errors as problem+json; anything else stays a 500. */
export function toProblem(error: unknown): unknown {
  if (error instanceof BadCursorError) {
    return new ValidationError(error.message, [{ path: 'cursor', message: error.message }]);
  }
  if (error instanceof IdempotencyKeyReusedError) return new IdempotencyKeyReusedProblem();
  return error;
}
