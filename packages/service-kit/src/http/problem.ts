// RFC 9457 problem details, shaped as docs/conventions.md prescribes.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://errors.shuangchuang.dev/';

export interface FieldProblem {
  path: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export interface ProblemErrorOptions {
  status: number;
  /** last segment of the problem `type` URI, e.g. `not-found` */
  slug: string;
  title: string;
  detail: string;
  errors?: FieldProblem[];
  headers?: Record<string, string>;
  /** extra RFC 9457 members, e.g. `{ currentVersion: 3 }` */
  extensions?: Record<string, unknown>;
}

/**
 * An operational error a handler throws on purpose; its detail is shown to the client
 * as-is, so it must never carry internals. Anything else thrown becomes a bare 500.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: FieldProblem[];
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(options: ProblemErrorOptions) {
    super(options.detail);
    this.name = new.target.name;
    this.status = options.status;
    this.slug = options.slug;
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  get type(): string {
    return problemType(this.slug);
  }
}

export function problemType(slug: string): string {
  return PROBLEM_TYPE_BASE + slug;
}

export class ValidationError extends ProblemError {
  constructor(detail: string, errors?: FieldProblem[]) {
    super({ status: 400, slug: 'validation', title: 'Bad Request', detail, errors });
  }
}

export class UnauthorizedError extends ProblemError {
  constructor(detail = 'a valid bearer token is required') {
    super({
      status: 401,
      slug: 'unauthorized',
      title: 'Unauthorized',
      detail,
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
}

export class ForbiddenError extends ProblemError {
  constructor(detail = 'you are not allowed to do this') {
    super({ status: 403, slug: 'forbidden', title: 'Forbidden', detail });
  }
}

export class NotFoundError extends ProblemError {
  constructor(detail = 'no such resource') {
    super({ status: 404, slug: 'not-found', title: 'Not Found', detail });
  }
}

export class ConflictError extends ProblemError {
  constructor(detail: string, extensions?: Record<string, unknown>) {
    super({ status: 409, slug: 'conflict', title: 'Conflict', detail, extensions });
  }
}

export class PreconditionFailedError extends ProblemError {
  constructor(detail = 'the resource changed since you read it (If-Match is stale)') {
    super({ status: 412, slug: 'precondition-failed', title: 'Precondition Failed', detail });
  }
}
