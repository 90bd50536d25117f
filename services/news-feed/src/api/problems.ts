import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ProblemError,
  ValidationError,
} from '@shuangchuang/service-kit';
import {
  ArticleNotFoundError,
  ArticleRuleError,
  ConcurrentChangeError,
  EditorialRoleError,
  IllegalTransitionError,
  StaleVersionError,
  UnacknowledgedWarningsError,
} from '../domain/errors.js';
import { DocumentFormatError } from '../import/front-matter-document.js';
import { InvalidCursorError } from '../search/feed-cursor.js';

/** The one mapping from news-feed's errors to problem+json; anything else stays a 500. */
export function toProblem(error: unknown): unknown {
  if (error instanceof ProblemError) return error;
  if (error instanceof ArticleRuleError)
    return new ValidationError(error.message, [{ path: error.path, message: error.message }]);
  if (error instanceof DocumentFormatError)
    return new ValidationError(error.message, [{ path: 'content', message: error.message }]);
  if (error instanceof InvalidCursorError)
    return new ValidationError(error.message, [{ path: 'cursor', message: error.message }]);
  if (error instanceof ArticleNotFoundError) return new NotFoundError(error.message);
  if (error instanceof EditorialRoleError) return new ForbiddenError(error.message);
  if (error instanceof IllegalTransitionError || error instanceof ConcurrentChangeError)
    return new ConflictError(error.message);
  if (error instanceof UnacknowledgedWarningsError)
    return new ProblemError({
      status: 409,
      slug: 'warnings-not-acknowledged',
      title: 'Conflict',
      detail: error.message,
      errors: error.warnings.map((warning) => ({
        path: 'acknowledgeWarnings',
        message: `${warning.code}: ${warning.message}`,
      })),
      extensions: { warnings: error.warnings },
    });
  if (error instanceof StaleVersionError)
    return new ProblemError({
      status: 412,
      slug: 'precondition-failed',
      title: 'Precondition Failed',
      detail: error.message,
      headers: { ETag: `"${error.currentVersion}"` },
    });
  return error;
}
