import { PreconditionFailedError, ProblemError, type FieldProblem } from './problem.js';

/**
 * A conditional write sent without `If-Match`: 428 Precondition Required (RFC 6585), so a client
 * cannot overwrite a change it never saw by leaving the header out.
 */
export class PreconditionRequiredError extends ProblemError {
  constructor(detail = 'this change needs If-Match with the ETag of what it is based on') {
    super({
      status: 428,
      slug: 'precondition-required',
      title: 'Precondition Required',
      detail,
      errors: [{ path: 'If-Match', message: detail }],
    });
  }
}

/**
 * The version an `If-Match: "3"` (or `W/"3"`) names. Absent: 428; not an ETag this platform
 * gives out: 412, like a stale one.
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw new PreconditionRequiredError();
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) throw new PreconditionFailedError(`If-Match ${header} is not an ETag given out here`);
  return Number(match[1]);
}

/** The ETag of a version, as `versionFromIfMatch` reads it back. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Whether a refused request lacked only its required `If-Match` (the contract marks it required
 * on every conditional write): that is a 428, not a 400.
 */
export function onlyIfMatchMissing(errors: readonly FieldProblem[]): boolean {
  return (
    errors.length > 0 &&
    errors.every(
      (error) => /headers[./]if-match$/i.test(error.path) && /required/i.test(error.message),
    )
  );
}
