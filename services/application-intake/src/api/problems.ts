import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ProblemError,
  UnauthorizedError,
  ValidationError,
} from '@shuangchuang/service-kit';
import {
  OpenApplicationExistsError,
  StaleApplicationError,
} from '../data-access/application-store.js';
import {
  DomainValidationError,
  IllegalTransitionError,
  NotAllowedError,
} from '../domain/errors.js';
import { LoginRefusedError, LoginUnavailableError } from '../identity/code-exchanger.js';
import { RefreshRefusedError } from '../identity/founder-sessions.js';
import {
  ApplicationNotFoundError,
  CarrierNotAcceptingError,
} from '../workflows/workflow-errors.js';

/** The one mapping from intake's errors (domain, workflows, identity) to problem+json; else a 500. */
export function toProblem(error: unknown): unknown {
  if (error instanceof ProblemError) return error;
  if (error instanceof DomainValidationError)
    return new ValidationError('the request has invalid fields', error.errors);
  if (error instanceof IllegalTransitionError)
    return new ConflictError(error.message, { from: error.from, to: error.to });
  if (error instanceof NotAllowedError) return new ForbiddenError(error.message);
  if (error instanceof ApplicationNotFoundError) return new NotFoundError(error.message);
  if (error instanceof StaleApplicationError) return new PreconditionFailedError();
  if (error instanceof OpenApplicationExistsError) {
    return new ConflictError(error.message, { existingApplicationId: error.existingApplicationId });
  }
  if (error instanceof CarrierNotAcceptingError) {
    return new ProblemError({
      status: 409,
      slug: 'conflict',
      title: 'Conflict',
      detail: error.message,
      errors: [{ path: 'carrierId', message: error.message }],
    });
  }
  if (error instanceof LoginRefusedError)
    return new UnauthorizedError('WeChat refused the login code; call wx.login again');
  if (error instanceof RefreshRefusedError) return new UnauthorizedError(error.message);
  if (error instanceof LoginUnavailableError) {
    return new ProblemError({
      status: 503,
      slug: 'unavailable',
      title: 'Service Unavailable',
      detail: 'WeChat login cannot answer now; retry later',
      headers: { 'Retry-After': '5' },
    });
  }
  return error;
}
