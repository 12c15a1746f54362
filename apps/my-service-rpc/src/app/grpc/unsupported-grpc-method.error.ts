/** Thrown at boot for a streaming rpc: the server adapts unary methods only, for now. */
export class UnsupportedGrpcMethodError extends Error {
  constructor(service: string, method: string, kind: string) {
    super(`${service}.${method} is ${kind}; only unary rpcs are served`);
    this.name = 'UnsupportedGrpcMethodError';
  }
}
