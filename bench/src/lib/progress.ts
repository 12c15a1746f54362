/**
 * Progress lines on stderr while the benchmarks run (stdout stays clean for tools):
 * `[  42.1s] consumer-overhead  run 3/10 framework: 41,203 msg/s, 23.9 µs CPU/msg`.
 */
export class Progress {
  private readonly started = Date.now();

  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  static silent(): Progress {
    return new Progress(() => undefined);
  }

  log(scope: string, message: string): void {
    const elapsed = ((Date.now() - this.started) / 1000).toFixed(1).padStart(6);
    this.write(`[${elapsed}s] ${scope.padEnd(18)} ${message}`);
  }

  /** For a scope: `p.scoped('outbox-write').log('...')`. */
  scoped(scope: string): { log(message: string): void } {
    return { log: (message) => this.log(scope, message) };
  }
}

export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
