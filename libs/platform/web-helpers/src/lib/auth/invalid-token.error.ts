/** A bearer token that is malformed, badly signed, expired or missing a required claim. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid bearer token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}
