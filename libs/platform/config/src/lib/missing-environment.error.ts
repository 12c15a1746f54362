/** Thrown at boot when production configuration is incomplete; names every missing variable at once. */
export class MissingEnvironmentError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`Missing required environment variables: ${missing.join(', ')}`);
    this.name = 'MissingEnvironmentError';
  }
}
