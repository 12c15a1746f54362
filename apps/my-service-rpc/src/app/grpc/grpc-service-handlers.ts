import type { DescService } from '@bufbuild/protobuf';
import { DiscoveryService } from '@nestjs/core';
import type { RpcRequest, RpcResponseInit, UnaryMethodName } from '@platform/rpc-client';
import type { GrpcCallContext } from './grpc-call-context';

/**
 * What a class serving `S` implements: one async method per unary rpc, taking the decoded
 * request and the call's context, returning the response (a message or a plain initializer)
 * or throwing an `RpcStatusError`.
 */
export type GrpcServiceHandlers<S extends DescService> = {
  [K in UnaryMethodName<S>]: (
    request: RpcRequest<S, K>,
    call: GrpcCallContext,
  ) => Promise<RpcResponseInit<S, K>>;
};

/**
 * Marks a provider as the implementation of a gRPC service; the server finds it at boot:
 * `@GrpcService(AddOnsService) @Injectable() class AddOnsRpc implements GrpcServiceHandlers<typeof AddOnsService>`.
 */
export const GrpcService = DiscoveryService.createDecorator<DescService>();
