/** Thrown at boot when a client's configuration names a method its service does not have. */
export class UnknownRpcMethodError extends Error {
  constructor(service: string, method: string, known: readonly string[]) {
    super(`${service} has no method "${method}" (its methods: ${known.join(', ')})`);
    this.name = 'UnknownRpcMethodError';
  }
}
