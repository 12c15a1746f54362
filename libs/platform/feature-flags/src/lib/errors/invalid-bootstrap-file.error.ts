/** Thrown at boot when the configured bootstrap file cannot be read or is not a list of flags. */
export class InvalidBootstrapFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`Feature flags bootstrap file ${path}: ${problem}`);
    this.name = 'InvalidBootstrapFileError';
  }
}
