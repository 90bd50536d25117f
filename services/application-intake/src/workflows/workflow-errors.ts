// Failures of a workflow that are the caller's to fix; the API maps each to a problem+json.

export class ApplicationNotFoundError extends Error {
  constructor(applicationId: string) {
    super(`no application ${applicationId} that you may see`);
    this.name = 'ApplicationNotFoundError';
  }
}

/** The carrier is unknown to the read model, retired, or not accepting applications. */
export class CarrierNotAcceptingError extends Error {
  constructor(
    public readonly carrierId: string,
    reason: string,
  ) {
    super(`carrier ${carrierId} ${reason}`);
    this.name = 'CarrierNotAcceptingError';
  }
}
