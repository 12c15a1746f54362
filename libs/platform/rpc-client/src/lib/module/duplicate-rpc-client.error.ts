/** Thrown at boot when two clients share a name: their DI tokens would collide. */
export class DuplicateRpcClientError extends Error {
  constructor(name: string) {
    super(`An RPC client named "${name}" is configured twice; client names must be unique`);
    this.name = 'DuplicateRpcClientError';
  }
}
