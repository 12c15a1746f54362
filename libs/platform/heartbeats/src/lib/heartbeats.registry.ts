import { Inject, Injectable, Optional } from '@nestjs/common';
import { DuplicateCheckError } from './duplicate-check.error';
import type { CheckFn, CheckKind, CheckOptions, CheckReport, HealthReport, RegisteredCheck } from './health-check';
import { HEARTBEATS_OPTIONS, type HeartbeatsOptions } from './heartbeats.options';

const DEFAULT_TIMEOUT_MS = 2000;

/**
 * The counterpart of the seed's `Heartbeats.register_readiness_check/1`: any provider registers
 * named checks (usually in `onModuleInit`); the health endpoints run them all in parallel.
 */
@Injectable()
export class HeartbeatsRegistry {
  private readonly checks: RegisteredCheck[] = [];
  private readonly defaultTimeoutMs: number;

  constructor(@Optional() @Inject(HEARTBEATS_OPTIONS) options?: HeartbeatsOptions) {
    this.defaultTimeoutMs = options?.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  registerReadinessCheck(name: string, run: CheckFn, options: CheckOptions = {}): void {
    this.register('readiness', name, run, options);
  }

  registerLivenessCheck(name: string, run: CheckFn, options: CheckOptions = {}): void {
    this.register('liveness', name, run, options);
  }

  registered(kind: CheckKind): readonly string[] {
    return this.checks.filter((c) => c.kind === kind).map((c) => c.name);
  }

  async report(kind: CheckKind): Promise<HealthReport> {
    const checks = await Promise.all(this.checks.filter((c) => c.kind === kind).map((c) => runCheck(c)));
    return { status: checks.every((c) => c.status === 'ok') ? 'ok' : 'unhealthy', checks };
  }

  private register(kind: CheckKind, name: string, run: CheckFn, options: CheckOptions): void {
    if (this.checks.some((c) => c.kind === kind && c.name === name)) throw new DuplicateCheckError(kind, name);
    this.checks.push({ name, kind, run, timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs });
  }
}

async function runCheck(check: RegisteredCheck): Promise<CheckReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${check.timeoutMs} ms`)), check.timeoutMs);
  });
  try {
    const outcome = await Promise.race([check.run(), timeout]);
    const durationMs = Math.round(performance.now() - started);
    if (outcome && !outcome.healthy) return { name: check.name, status: 'unhealthy', durationMs, reason: outcome.reason };
    return { name: check.name, status: 'ok', durationMs, ...(outcome?.details ? { details: outcome.details } : {}) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { name: check.name, status: 'unhealthy', durationMs: Math.round(performance.now() - started), reason };
  } finally {
    clearTimeout(timer);
  }
}
