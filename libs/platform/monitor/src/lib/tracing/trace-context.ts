import tracer from 'dd-trace';
import formats from 'dd-trace/ext/formats';

/** Tags for a span; dd-trace maps `resource.name`, `service.name` and `span.type` to the span's fields. */
export type SpanTags = Record<string, string | number | boolean | undefined>;

type SpanContext = NonNullable<ReturnType<typeof tracer.extract>>;

/**
 * The active span's context in Datadog propagation (the `x-datadog-*` keys, plus W3C
 * `traceparent`/`tracestate`), as a JSON object string. This is what the outbox stores in
 * `trace_context` and Debezium forwards as a Kafka header. Null when tracing is off or no
 * span is active.
 */
export function currentTraceContext(): string | null {
  const span = tracer.scope().active();
  if (!span) return null;
  const carrier: Record<string, string> = {};
  tracer.inject(span, formats.TEXT_MAP, carrier);
  return Object.keys(carrier).length > 0 ? JSON.stringify(carrier) : null;
}

/**
 * Runs `fn` inside a new span that continues the trace in `traceContext` (a value from
 * {@link currentTraceContext}), so a Kafka handler's span is a child of the span that wrote
 * the event. A missing or unreadable context starts a new root span instead: a bad header
 * must never fail the message. The span is active for everything `fn` awaits, is finished
 * when `fn` settles and carries the error when `fn` throws.
 */
export async function continueTrace<T>(
  traceContext: string | null | undefined,
  spanName: string,
  tags: SpanTags,
  fn: () => T | Promise<T>,
): Promise<T> {
  const parent = extractTraceContext(traceContext);
  // startSpan, unlike tracer.trace, does not fall back to the active span: no parent means a root.
  const span = tracer.startSpan(spanName, { childOf: parent ?? undefined, tags });
  try {
    return await tracer.scope().activate(span, fn);
  } catch (error) {
    span.setTag('error', error);
    throw error;
  } finally {
    span.finish();
  }
}

/** The span context carried by a `trace_context` value, or null when it holds none. Never throws. */
export function extractTraceContext(traceContext: string | null | undefined): SpanContext | null {
  const carrier = parseCarrier(traceContext);
  if (!carrier) return null;
  try {
    const context = tracer.extract(formats.TEXT_MAP, carrier);
    // dd-trace turns unparsable ids into 0 instead of rejecting them; 0 is never a real id.
    if (!context || context.toTraceId() === '0' || context.toSpanId() === '0') return null;
    return context;
  } catch {
    return null;
  }
}

function parseCarrier(traceContext: string | null | undefined): Record<string, string> | null {
  if (!traceContext) return null;
  let value: unknown;
  try {
    value = JSON.parse(traceContext);
    // A header converter that JSON-encodes strings would wrap the object in a string once more.
    if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}
