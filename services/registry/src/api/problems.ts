import {
  ConflictError,
  NotFoundError,
  ProblemError,
  ValidationError,
} from '@shuangchuang/service-kit';
import { InvalidCursorError } from '../search/carrier-search.js';
import {
  CarrierNotFoundError,
  CarrierRetiredError,
  CarrierValidationError,
  DuplicateCarrierError,
  HonorNotFoundError,
  ImportRejectedError,
  SearchRequestError,
  StaleVersionError,
} from '../domain/errors.js';

/** The one mapping from the registry's errors to problem+json; anything else stays a 500. */
export function toProblem(error: unknown): unknown {
  if (error instanceof ProblemError) return error;
  if (error instanceof CarrierValidationError)
    return new ValidationError('the carrier breaks the registry rules', error.problems);
  if (error instanceof ImportRejectedError)
    return new ValidationError(
      'the import was not applied: some rows are unparseable or ambiguous; nothing was written',
      error.problems,
    );
  if (error instanceof SearchRequestError)
    return new ValidationError(error.message, error.problems);
  if (error instanceof InvalidCursorError)
    return new ValidationError(error.message, [{ path: 'cursor', message: error.message }]);
  if (error instanceof CarrierNotFoundError || error instanceof HonorNotFoundError)
    return new NotFoundError(error.message);
  if (error instanceof DuplicateCarrierError || error instanceof CarrierRetiredError)
    return new ConflictError(error.message);
  if (error instanceof StaleVersionError) {
    return new ProblemError({
      status: 412,
      slug: 'precondition-failed',
      title: 'Precondition Failed',
      detail: error.message,
      headers: { ETag: `"${error.currentVersion}"` },
      extensions: { currentVersion: error.currentVersion },
    });
  }
  return error;
}
