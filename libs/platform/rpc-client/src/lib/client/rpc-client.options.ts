import type { ChannelCredentials, ChannelOptions } from '@grpc/grpc-js';
import type { RetryPolicy } from './retry-policy';

/** Used when neither the client nor the call sets a deadline: no call may wait forever. */
export const DEFAULT_DEADLINE_MS = 5000;

/** How one client reaches its service. */
export interface RpcClientOptions {
  /** `host:port` (or any grpc-js target, e.g. `dns:///svc.internal:50051`). */
  address: string;
  /** Deadline of each call, retries included, unless the call sets its own. Default {@link DEFAULT_DEADLINE_MS}. */
  deadlineMs?: number;
  /** Service token sent as `authorization: Bearer <token>` on every call. */
  token?: string;
  /**
   * Methods (local names, e.g. `getAddOn`) that are safe to retry, on top of those the proto
   * declares with `idempotency_level`. Unknown names fail at construction.
   */
  idempotentMethods?: readonly string[];
  /** Retry policy for idempotent methods (only UNAVAILABLE is retried); `false` never retries. */
  retry?: Partial<RetryPolicy> | false;
  /** Default: plaintext, as inside the cluster's service mesh. */
  credentials?: ChannelCredentials;
  channelOptions?: ChannelOptions;
  /** Where the caller's trace comes from. Default: the active Datadog span (`currentTraceContext`). */
  traceContext?: () => string | null;
}

/** Per-call settings; all optional. */
export interface RpcCallOptions {
  /** Overrides the client's deadline for this call. */
  deadlineMs?: number;
  /** An absolute deadline, e.g. the one of the request being served; wins over `deadlineMs`. */
  deadline?: Date;
  /** Sent as `x-actor-id`: on whose behalf the call is made. */
  actorId?: string;
  /** Extra metadata entries. */
  metadata?: Readonly<Record<string, string>>;
  /** Aborting cancels the call (the server sees CANCELLED) and any pending retry. */
  signal?: AbortSignal;
}
