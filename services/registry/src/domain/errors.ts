// Errors the registry's rules raise; the API maps each to one problem+json type.

export interface FieldProblem {
  path: string;
  message: string;
}

export class CarrierValidationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'CarrierValidationError';
  }
}

export class CarrierNotFoundError extends Error {
  constructor(readonly carrierId: string) {
    super(`carrier ${carrierId} does not exist`);
    this.name = 'CarrierNotFoundError';
  }
}

export class DuplicateCarrierError extends Error {
  constructor(
    readonly existingCarrierId: string,
    name: string,
  ) {
    super(`a carrier named ${name} with this operator already exists (${existingCarrierId})`);
    this.name = 'DuplicateCarrierError';
  }
}

export class StaleVersionError extends Error {
  constructor(
    readonly carrierId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `carrier ${carrierId} is at version ${currentVersion}, the change was based on version ${expectedVersion}`,
    );
    this.name = 'StaleVersionError';
  }
}

export class CarrierRetiredError extends Error {
  constructor(readonly carrierId: string) {
    super(`carrier ${carrierId} is retired and can no longer change`);
    this.name = 'CarrierRetiredError';
  }
}

export class HonorNotFoundError extends Error {
  constructor(
    readonly carrierId: string,
    readonly honorId: string,
  ) {
    super(`carrier ${carrierId} holds no honor ${honorId}`);
    this.name = 'HonorNotFoundError';
  }
}

/** Applying an import refused because some rows are unparseable or ambiguous; nothing was written. */
export class ImportRejectedError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(`the import was not applied: ${problems.length} row(s) need attention`);
    this.name = 'ImportRejectedError';
  }
}

/** A search that cannot be answered as asked (e.g. sort by distance without a point). */
export class SearchRequestError extends Error {
  constructor(
    message: string,
    readonly problems: FieldProblem[],
  ) {
    super(message);
    this.name = 'SearchRequestError';
  }
}
