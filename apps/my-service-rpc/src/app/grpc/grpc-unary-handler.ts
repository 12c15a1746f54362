import type { DescMethod, Message } from '@bufbuild/protobuf';
import type { LoggerService } from '@nestjs/common';
import { status, type handleUnaryCall } from '@grpc/grpc-js';
import { continueTrace } from '@platform/monitor';
import { firstMetadataValue, grpcMethodPath, RpcMetadataKey } from '@platform/rpc-client';
import { GrpcCallContext, throwIfCallOver } from './grpc-call-context';
import type { RpcAuthenticator } from './rpc-authenticator';
import { RpcStatusError } from './rpc-status.error';

export type UnaryHandler = (request: Message, call: GrpcCallContext) => Promise<unknown>;

/**
 * Adapts one handler to grpc-js, around it, in order: continue the caller's trace (from
 * `x-trace-context`), authenticate, refuse work whose caller already gave up (deadline or
 * cancel), run, and turn what was thrown into a status (an `RpcStatusError` as it is,
 * anything else INTERNAL with the details logged, not sent).
 */
export function toUnaryCallHandler(
  method: DescMethod,
  handler: UnaryHandler,
  deps: { authenticator: RpcAuthenticator; logger: LoggerService },
): handleUnaryCall<Message, unknown> {
  const path = grpcMethodPath(method);
  return (call, callback) => {
    const traceContext = firstMetadataValue(call.metadata, RpcMetadataKey.traceContext);
    continueTrace(traceContext, 'grpc.handle', { 'resource.name': path, 'span.kind': 'server' }, async () => {
      let context: GrpcCallContext | undefined;
      try {
        const principal = await deps.authenticator.authenticate(call.metadata, method);
        throwIfCallOver(call);
        context = new GrpcCallContext(call, principal);
        callback(null, await handler(call.request, context));
      } catch (error) {
        callback(toStatusError(error, path, deps.logger));
      } finally {
        context?.dispose();
      }
    }).catch((error: unknown) => callback(toStatusError(error, path, deps.logger)));
  };
}

function toStatusError(error: unknown, path: string, logger: LoggerService): RpcStatusError {
  if (error instanceof RpcStatusError) return error;
  logger.error(`${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new RpcStatusError(status.INTERNAL, 'Internal error');
}
