import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { METRICS, type Metrics } from '@platform/monitor';
import type { SqlRunner } from '@platform/outbox';
import { DataSource } from 'typeorm';

/** Gauge: seconds since the oldest row still in `outbox_events` was written; 0 when the table is empty. */
export const OUTBOX_OLDEST_EVENT_AGE = 'outbox.oldest_event_age_seconds';

export const OUTBOX_AGE_INTERVAL_MS = Symbol('OUTBOX_AGE_INTERVAL_MS');
const DEFAULT_INTERVAL_MS = 10_000;

/**
 * The age of the oldest outbox row, in seconds. The `timestamp` column holds UTC without a
 * zone, hence `now() at time zone 'utc'`. Rows stay until the pruner's retention, so this
 * says how far back the table reaches; read it with the connector's slot lag.
 */
export async function oldestOutboxEventAgeSeconds(db: SqlRunner): Promise<number> {
  const rows = (await db.query(
    `SELECT extract(epoch from (now() at time zone 'utc') - min(timestamp)) AS age FROM outbox_events`,
  )) as Array<{ age: string | number | null }>;
  const age = Number(rows[0]?.age ?? 0);
  return Number.isFinite(age) && age > 0 ? age : 0;
}

/**
 * Reports {@link OUTBOX_OLDEST_EVENT_AGE} over DogStatsD every 10 s while the core app runs.
 * A failed query is logged and skipped: the gauge then goes stale, which a monitor can alert on.
 */
@Injectable()
export class OutboxAgeReporter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxAgeReporter');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Optional() @Inject(OUTBOX_AGE_INTERVAL_MS) private readonly intervalMs: number = DEFAULT_INTERVAL_MS,
  ) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Measures and sends the gauge once. */
  async report(): Promise<void> {
    this.metrics.gauge(OUTBOX_OLDEST_EVENT_AGE, await oldestOutboxEventAgeSeconds(this.dataSource));
  }

  private tick(): Promise<void> {
    // A slow query must not pile up behind itself.
    this.running ??= this.report()
      .catch((error: unknown) =>
        this.logger.warn(
          `outbox age not reported: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
