import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

/** The metadata keys our clients send and our servers read; one place so both sides agree. */
export const RpcMetadataKey = {
  /** `Bearer <service token>`: which service calls. */
  authorization: 'authorization',
  /** On whose behalf (a user or service id), when the request message has no field for it. */
  actorId: 'x-actor-id',
  /** The caller's trace, as `currentTraceContext()` serialises it; the server continues it. */
  traceContext: 'x-trace-context',
  /** Trailing metadata of an INVALID_ARGUMENT error: JSON object, proto field name -> problem. */
  fieldViolations: 'x-field-violations',
} as const;

export function bearerToken(token: string): string {
  return `Bearer ${token}`;
}

/** The token of an `authorization: Bearer <token>` entry, or undefined when there is none. */
export function readBearerToken(metadata: Metadata): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(firstMetadataValue(metadata, RpcMetadataKey.authorization) ?? '');
  return match?.[1];
}

/** The first string value under `key` (metadata keys may repeat), or undefined. */
export function firstMetadataValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key).find((v): v is string => typeof v === 'string');
  return value === undefined || value === '' ? undefined : value;
}

/** A gRPC error as grpc-js reports it to a client: an Error with `code`, `details` and trailing `metadata`. */
export function isRpcError(error: unknown, code?: status): error is ServiceError {
  if (!(error instanceof Error) || typeof (error as Partial<ServiceError>).code !== 'number') return false;
  return code === undefined || (error as ServiceError).code === code;
}

/** The per-field problems of an INVALID_ARGUMENT error (see {@link RpcMetadataKey.fieldViolations}), or `{}`. */
export function fieldViolationsOf(error: unknown): Record<string, string> {
  if (!isRpcError(error) || !error.metadata) return {};
  const raw = firstMetadataValue(error.metadata, RpcMetadataKey.fieldViolations);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}
