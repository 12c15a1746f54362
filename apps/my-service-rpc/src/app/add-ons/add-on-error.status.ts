import { Metadata, status } from '@grpc/grpc-js';
import type { AddOnError, AddOnErrorCode, Result } from '@my-service/domain';
import { RpcMetadataKey } from '@platform/rpc-client';
import { RpcStatusError } from '../grpc/rpc-status.error';

const STATUS_OF: Record<AddOnErrorCode, status> = {
  ADD_ON_NOT_FOUND: status.NOT_FOUND,
  // Not ALREADY_EXISTS: nothing is being created; the add-on is in the wrong state for the change.
  ADD_ON_ALREADY_ENABLED: status.FAILED_PRECONDITION,
  ADD_ON_ALREADY_DISABLED: status.FAILED_PRECONDITION,
  INVALID_INPUT: status.INVALID_ARGUMENT,
};

/** The domain's input names as the proto calls them, so callers see the fields they sent. */
const PROTO_FIELD: Readonly<Record<string, string>> = {
  providerId: 'provider_id',
  code: 'add_on_code',
  actorId: 'actor_id',
};

/**
 * An add-on error as a gRPC status. INVALID_ARGUMENT names each bad field in the details and,
 * machine-readably, in the `x-field-violations` trailer (JSON: proto field name -> problem).
 */
export function addOnStatusError(error: AddOnError): RpcStatusError {
  if (error.code !== 'INVALID_INPUT') return new RpcStatusError(STATUS_OF[error.code], error.message);
  const violations = Object.fromEntries(
    Object.entries(error.fields).map(([field, problem]) => [PROTO_FIELD[field] ?? field, problem]),
  );
  const trailers = new Metadata();
  trailers.set(RpcMetadataKey.fieldViolations, JSON.stringify(violations));
  const details = Object.entries(violations)
    .map(([field, problem]) => `${field}: ${problem}`)
    .join('; ');
  return new RpcStatusError(status.INVALID_ARGUMENT, `Invalid input: ${details}`, trailers);
}

/** The value of a domain result, or its error thrown as a gRPC status. */
export function valueOrThrow<T>(result: Result<T, AddOnError>): T {
  if (!result.ok) throw addOnStatusError(result.error);
  return result.value;
}
