/** Thrown at boot when a `@GrpcService` class lacks the method for one of the service's rpcs. */
export class MissingGrpcHandlerError extends Error {
  constructor(className: string, service: string, method: string) {
    super(`${className} is the @GrpcService for ${service} but has no method "${method}"`);
    this.name = 'MissingGrpcHandlerError';
  }
}
