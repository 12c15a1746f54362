import { createHash, timingSafeEqual } from 'node:crypto';
import type { DescMethod } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { readBearerToken } from '@platform/rpc-client';
import { GRPC_SERVER_OPTIONS, type GrpcServerOptions } from './grpc-server.options';
import { RpcStatusError } from './rpc-status.error';

/** Who is calling, once authenticated. */
export interface RpcPrincipal {
  subject: string;
}

/**
 * Decides whether a call may proceed; rejects with an UNAUTHENTICATED (or PERMISSION_DENIED)
 * {@link RpcStatusError}. Bound to {@link RPC_AUTHENTICATOR} so an app (or a test) can swap it.
 */
export interface RpcAuthenticator {
  authenticate(metadata: Metadata, method: DescMethod): Promise<RpcPrincipal>;
}

export const RPC_AUTHENTICATOR = Symbol('RPC_AUTHENTICATOR');

/** Accepts calls carrying the one configured service token: `authorization: Bearer <token>`. */
@Injectable()
export class ServiceTokenAuthenticator implements RpcAuthenticator {
  private readonly expected: Buffer;

  constructor(@Inject(GRPC_SERVER_OPTIONS) options: GrpcServerOptions) {
    if (!options.serviceToken) throw new Error('GrpcServerOptions.serviceToken must not be empty');
    this.expected = digest(options.serviceToken);
  }

  async authenticate(metadata: Metadata): Promise<RpcPrincipal> {
    const token = readBearerToken(metadata);
    if (!token)
      throw new RpcStatusError(
        status.UNAUTHENTICATED,
        'Missing "authorization: Bearer <service token>" metadata',
      );
    // Digests have equal length, so the comparison takes the same time whatever the token.
    if (!timingSafeEqual(digest(token), this.expected))
      throw new RpcStatusError(status.UNAUTHENTICATED, 'Invalid service token');
    return { subject: 'service' };
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
