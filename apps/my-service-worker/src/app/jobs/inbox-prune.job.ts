import { Injectable, Logger } from '@nestjs/common';
import { pruneInbox } from '@platform/kafkaesque-addons';
import { DataSource } from 'typeorm';
import type { JobDefinition } from './job.definition';

/**
 * How long a consumer remembers an event it handled (Postgres inbox). Past it, a redelivery
 * would run again; 72 h outlives any realistic replay or rebalance window, like the Redis TTL.
 */
export const INBOX_RETENTION_HOURS = 72;

/** Keeps kafka_inbox small. */
@Injectable()
export class InboxPruneJob implements JobDefinition {
  readonly name = 'kafka-inbox.prune';
  readonly retryLimit = 3;
  readonly retryDelaySeconds = 30;
  readonly cron = '17 * * * *';
  private readonly logger = new Logger('InboxPruneJob');

  constructor(private readonly dataSource: DataSource) {}

  async handle(): Promise<void> {
    const olderThan = new Date(Date.now() - INBOX_RETENTION_HOURS * 3600_000);
    const result = await pruneInbox(this.dataSource, { olderThan });
    this.logger.log(`pruned ${JSON.stringify(result)} from kafka_inbox older than ${olderThan.toISOString()}`);
  }
}
