import { status, type Metadata, type ServerUnaryCall } from '@grpc/grpc-js';
import { firstMetadataValue, RpcMetadataKey } from '@platform/rpc-client';
import type { RpcPrincipal } from './rpc-authenticator';
import { RpcStatusError } from './rpc-status.error';

/** The part of a grpc-js server call that every kind of call has (grpc-js does not export the name). */
type ServerSurfaceCall = Omit<ServerUnaryCall<unknown, unknown>, 'request'>;

/**
 * What a handler knows about its call besides the request: who calls, on whose behalf, and
 * until when. `signal` aborts when the client cancels or the deadline passes, so slow work
 * can stop; `throwIfCancelled()` is the check to make before anything with side effects.
 */
export class GrpcCallContext {
  readonly deadline: Date | undefined;
  readonly signal: AbortSignal;
  /** The `x-actor-id` metadata entry, if any. */
  readonly actorId: string | undefined;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  // grpc-js also reports its own deadline expiry as 'cancelled': tell the two apart.
  private readonly onCancelled = (): void =>
    this.controller.abort(this.pastDeadline() ? deadlineExceeded() : cancelled());

  constructor(
    private readonly call: ServerSurfaceCall,
    readonly principal: RpcPrincipal,
  ) {
    this.deadline = callDeadline(call);
    this.signal = this.controller.signal;
    this.actorId = firstMetadataValue(call.metadata, RpcMetadataKey.actorId);
    call.once('cancelled', this.onCancelled);
    if (this.deadline) {
      const expire = (): void => this.controller.abort(deadlineExceeded());
      this.timer = setTimeout(expire, Math.max(0, this.deadline.getTime() - Date.now()));
    }
  }

  get metadata(): Metadata {
    return this.call.metadata;
  }

  private pastDeadline(): boolean {
    return this.deadline !== undefined && Date.now() >= this.deadline.getTime();
  }

  /** Throws DEADLINE_EXCEEDED or CANCELLED when the caller is no longer waiting for the answer. */
  throwIfCancelled(): void {
    throwIfCallOver(this.call);
  }

  /** Stops the deadline timer and the listener; the server calls it when the handler settles. */
  dispose(): void {
    clearTimeout(this.timer);
    this.call.removeListener('cancelled', this.onCancelled);
  }
}

/** The call's deadline, or undefined when the client set none. */
export function callDeadline(call: ServerSurfaceCall): Date | undefined {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

export function throwIfCallOver(call: ServerSurfaceCall): void {
  const deadline = callDeadline(call);
  if (deadline && Date.now() >= deadline.getTime()) throw deadlineExceeded();
  if (call.cancelled) throw cancelled();
}

function cancelled(): RpcStatusError {
  return new RpcStatusError(status.CANCELLED, 'Cancelled by the client');
}

function deadlineExceeded(): RpcStatusError {
  return new RpcStatusError(status.DEADLINE_EXCEEDED, 'Deadline exceeded before the call was handled');
}
