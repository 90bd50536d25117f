import { NotFoundError, ValidationError } from '@shuangchuang/service-kit';
import { BadCursorError, CarrierNotFoundError, MessageNotFoundError } from '../domain/errors.js';

/** The one mapping from notification's errors to problem+json; anything else stays a 500. */
export function toProblem(error: unknown): unknown {
  if (error instanceof BadCursorError)
    return new ValidationError(error.message, [{ path: 'cursor', message: error.message }]);
  if (error instanceof CarrierNotFoundError || error instanceof MessageNotFoundError)
    return new NotFoundError(error.message);
  return error;
}
