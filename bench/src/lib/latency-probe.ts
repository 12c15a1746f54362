import { performance } from 'node:perf_hooks';

/** Milliseconds since the epoch with sub-ms resolution, comparable with Kafka record timestamps. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface LatencySample {
  /** Commit returned → handler received, ms. */
  readonly totalMs: number;
  /** Commit returned → broker appended the record (LogAppendTime), ms (broker clock, ms resolution). */
  readonly toKafkaMs: number;
  /** Broker append → handler received, ms. */
  readonly fromKafkaMs: number;
}

/**
 * Matches commits with receipts by event id, both stamped in this process. A receipt may be
 * handled before its commit's continuation ran (both answers were ready in the same turn of
 * the event loop): it waits for the commit and is counted in `receiptsBeforeCommit`.
 */
export class LatencyProbe {
  private readonly commits = new Map<string, number>();
  private readonly ignored = new Set<string>();
  private readonly early = new Map<string, { at: number; appendedAt: number }>();
  private readonly samples: LatencySample[] = [];
  private waiters: Array<() => void> = [];
  private accepting = false;
  receiptsBeforeCommit = 0;

  /** Starts a phase: only ids committed from now on are measured. */
  begin(): void {
    this.commits.clear();
    this.ignored.clear();
    this.early.clear();
    this.samples.length = 0;
    this.receiptsBeforeCommit = 0;
    this.accepting = true;
  }

  /** `keep = false` for warm-up events: delivered, not measured. */
  committed(id: string, at = wallNow(), keep = true): void {
    const receipt = this.early.get(id);
    this.early.delete(id);
    if (!keep) {
      if (!receipt) this.ignored.add(id);
      return;
    }
    if (receipt) {
      this.receiptsBeforeCommit++;
      this.record(at, receipt.at, receipt.appendedAt);
    } else {
      this.commits.set(id, at);
    }
  }

  received(id: string, appendedAt: number, at = wallNow()): void {
    if (!this.accepting || this.ignored.delete(id)) return;
    const committedAt = this.commits.get(id);
    if (committedAt === undefined) {
      this.early.set(id, { at, appendedAt });
      return;
    }
    this.commits.delete(id);
    this.record(committedAt, at, appendedAt);
  }

  private record(committedAt: number, at: number, appendedAt: number): void {
    this.samples.push({
      totalMs: at - committedAt,
      toKafkaMs: appendedAt - committedAt,
      fromKafkaMs: at - appendedAt,
    });
    if (this.commits.size === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Waits until every measured commit was received, or `timeoutMs`; returns the samples and how many never arrived. */
  async end(timeoutMs: number): Promise<{ samples: LatencySample[]; missing: number }> {
    if (this.commits.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.accepting = false;
    return { samples: [...this.samples], missing: this.commits.size };
  }

  /** For warm-up probes: resolves when `id` arrives (measured or not). */
  async waitFor(id: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.ignored.has(id)) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }
}
