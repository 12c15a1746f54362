import { Metadata, status } from '@grpc/grpc-js';

/**
 * A failure to answer with a given gRPC status. Handlers throw it; the server sends `code`,
 * the message as `details`, and `metadata` as trailers. Anything else thrown is INTERNAL.
 */
export class RpcStatusError extends Error {
  constructor(
    readonly code: status,
    message: string,
    readonly metadata: Metadata = new Metadata(),
  ) {
    super(message);
    this.name = 'RpcStatusError';
  }

  get details(): string {
    return this.message;
  }
}
