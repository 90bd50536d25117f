// Domain errors carry what the API needs to answer with problem+json, without depending on express.

export interface FieldError {
  path: string;
  message: string;
}

export class DomainValidationError extends Error {
  constructor(public readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
    this.name = 'DomainValidationError';
  }
}

export class IllegalTransitionError extends Error {
  constructor(
    public readonly from: string,
    public readonly to: string,
  ) {
    super(`an application cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export class NotAllowedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAllowedError';
  }
}
