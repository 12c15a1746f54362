/** Where the outbox gets the active trace's context from (the monitor lib, dd-trace). */
export interface TraceContextSource {
  /** The active span's context, serialised for the `trace_context` column; null without an active trace. */
  current(): string | null;
}

export const TRACE_CONTEXT_SOURCE = Symbol('TRACE_CONTEXT_SOURCE');
