/** Thrown when asking the registry for a client that is not configured. */
export class UnknownRpcClientError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`No RPC client named "${name}" is configured (configured: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownRpcClientError';
  }
}
