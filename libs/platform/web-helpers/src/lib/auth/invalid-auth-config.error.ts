/** Auth configured in a way that cannot be safe (weak secret, unknown algorithm, bad key): thrown at boot. */
export class InvalidAuthConfigError extends Error {
  constructor(problem: string) {
    super(`Invalid auth configuration: ${problem}`);
    this.name = 'InvalidAuthConfigError';
  }
}
