import { Injectable, Logger } from '@nestjs/common';
import { pruneOutbox } from '@platform/outbox';
import { DataSource } from 'typeorm';
import type { JobDefinition } from './job.definition';

/** How long published events stay in outbox_events, for debugging and re-publishing. */
export const OUTBOX_RETENTION_HOURS = 24;

/** Keeps outbox_events small: Debezium reads the WAL, so rows are only kept for people. */
@Injectable()
export class OutboxPruneJob implements JobDefinition {
  readonly name = 'outbox.prune';
  readonly retryLimit = 3;
  readonly retryDelaySeconds = 30;
  readonly cron = '*/10 * * * *';
  private readonly logger = new Logger('OutboxPruneJob');

  constructor(private readonly dataSource: DataSource) {}

  async handle(): Promise<void> {
    const olderThan = new Date(Date.now() - OUTBOX_RETENTION_HOURS * 3600_000);
    const started = performance.now();
    const result = await pruneOutbox(this.dataSource, { olderThan });
    const ms = Math.round(performance.now() - started);
    this.logger.log(
      `pruned ${result.deleted} outbox rows older than ${olderThan.toISOString()} in ${result.batches} batches, ${ms} ms`,
    );
  }
}
