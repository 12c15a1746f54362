import tracer from 'dd-trace';
import formats from 'dd-trace/ext/formats';

/** What Datadog needs in a log line to link it to its trace: `dd.trace_id`, `dd.span_id`, and the unified service tags. */
export interface LogCorrelation {
  trace_id: string;
  span_id: string;
  service?: string;
  env?: string;
  version?: string;
}

/**
 * The active span's ids in the exact shape dd-trace's own log injection writes (its `log`
 * propagation format), so our lines correlate the same way pino or winston lines would.
 */
export function activeLogCorrelation(): LogCorrelation | undefined {
  const span = tracer.scope().active();
  if (!span) return undefined;
  const carrier: { dd?: LogCorrelation } = {};
  tracer.inject(span, formats.LOG, carrier);
  return carrier.dd?.trace_id ? carrier.dd : undefined;
}
