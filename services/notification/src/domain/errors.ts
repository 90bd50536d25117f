// The notification service's own errors; api/problems.ts maps them to problem+json.

/** A page cursor this service did not hand out. */
export class BadCursorError extends Error {
  constructor() {
    super('the cursor is not valid');
    this.name = 'BadCursorError';
  }
}

/** Following a carrier the read model does not know, or that is retired. */
export class CarrierNotFoundError extends Error {
  constructor(readonly carrierId: string) {
    super('no such carrier');
    this.name = 'CarrierNotFoundError';
  }
}

/** An inbox message that is not the caller's (another user's is as good as absent). */
export class MessageNotFoundError extends Error {
  constructor(readonly messageId: string) {
    super('no such message');
    this.name = 'MessageNotFoundError';
  }
}
