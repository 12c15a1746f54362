import type { DescMethod } from '@bufbuild/protobuf';
import { MethodOptions_IdempotencyLevel } from '@bufbuild/protobuf/wkt';

/** Retries of idempotent calls that failed with UNAVAILABLE; the call's deadline bounds them all. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  multiplier: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 3,
  initialBackoffMs: 50,
  maxBackoffMs: 1000,
  multiplier: 2,
};

/**
 * Whether a method may be sent twice: declared so in the proto (`option idempotency_level =
 * NO_SIDE_EFFECTS` or `IDEMPOTENT`) or listed in the client's `idempotentMethods`. Anything
 * else is never retried: after UNAVAILABLE the server may still have applied the first attempt.
 */
export function isIdempotent(
  method: DescMethod,
  idempotentMethods: ReadonlySet<string> = new Set(),
): boolean {
  return (
    method.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS ||
    method.idempotency === MethodOptions_IdempotencyLevel.IDEMPOTENT ||
    idempotentMethods.has(method.localName)
  );
}

/**
 * Wait before attempt `attempt + 1`: exponential, capped, with "equal jitter" (half fixed,
 * half random) so that clients failing together do not retry together.
 */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.multiplier ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
