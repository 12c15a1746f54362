import type { DescMethod } from '@bufbuild/protobuf';
import type { Metadata } from '@grpc/grpc-js';
import type { RpcAuthenticator, RpcPrincipal } from '../rpc-authenticator';

/**
 * A test double bound to RPC_AUTHENTICATOR: the real authenticator behind a delay the test
 * sets, standing in for a slow token introspection to push calls past their deadline.
 */
export class SlowAuthenticator implements RpcAuthenticator {
  latencyMs = 0;

  constructor(private readonly inner: RpcAuthenticator) {}

  async authenticate(metadata: Metadata, method: DescMethod): Promise<RpcPrincipal> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return this.inner.authenticate(metadata, method);
  }
}
