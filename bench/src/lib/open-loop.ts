import { performance } from 'node:perf_hooks';

export interface OpenLoopStats {
  readonly fired: number;
  readonly failed: number;
  /** How late the generator fired events against their schedule: it must stay small for the rate to hold. */
  readonly maxLagMs: number;
  readonly firstError?: string;
}

/**
 * Fires `rate` events per second for `seconds`, on schedule whatever the previous ones are
 * doing (open loop: a slow system gets a queue, not a slower load), then waits for them.
 */
export async function openLoop(
  rate: number,
  seconds: number,
  fire: (index: number) => Promise<void>,
): Promise<OpenLoopStats> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inflight = new Set<Promise<void>>();
  let failed = 0;
  let firstError: string | undefined;
  let maxLagMs = 0;
  for (let index = 0; index < total;) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) / 1000) * rate) + 1);
    for (; index < due; index++) {
      maxLagMs = Math.max(maxLagMs, now - (start + (index / rate) * 1000));
      const event: Promise<void> = fire(index).catch((error: unknown) => {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      });
      inflight.add(event);
      void event.finally(() => inflight.delete(event));
    }
    const nextAt = start + (index / rate) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())));
  }
  await Promise.all(inflight);
  return { fired: total, failed, maxLagMs, firstError };
}
