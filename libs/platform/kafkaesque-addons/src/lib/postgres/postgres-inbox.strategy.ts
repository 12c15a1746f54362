import type { MessageContext } from '@platform/kafkaesque';
import type { DataSource } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import type { InboxEntry, InboxRunResult, InboxStrategy } from '../idempotency/inbox-strategy.interface';
import { runInInboxTransaction } from './inbox-transaction';

export interface PostgresInboxOptions {
  /**
   * Isolation of the handler's transaction. Default: the database's (READ COMMITTED), under
   * which a concurrent duplicate waits for the first delivery and then sees its row.
   */
  readonly isolationLevel?: IsolationLevel;
}

/**
 * The inbox as a table (`kafka_inbox`), checked and marked inside the handler's own
 * transaction: the plugin opens the transaction, inserts the (group, uuid) row
 * `ON CONFLICT DO NOTHING`, and runs the handler with that transaction as
 * `currentInboxTransaction()`. The handler's writes and the inbox row commit together, or
 * roll back together on an error (the retry then runs the handler again). A concurrent
 * duplicate blocks on the primary key until the first commits, then sees the conflict and
 * skips. For handlers whose effects are in the same database and must be exactly-once.
 */
export class PostgresInboxStrategy implements InboxStrategy {
  readonly name = 'postgres';

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PostgresInboxOptions = {},
  ) {}

  run(entry: InboxEntry, _context: MessageContext, handler: () => Promise<void>): Promise<InboxRunResult> {
    const work = async (manager: DataSource['manager']): Promise<InboxRunResult> => {
      const inserted = (await manager.query(
        `INSERT INTO kafka_inbox (consumer_group, event_uuid) VALUES ($1, $2)
         ON CONFLICT (consumer_group, event_uuid) DO NOTHING RETURNING 1`,
        [entry.consumerGroup, entry.eventUuid],
      )) as unknown[];
      if (inserted.length === 0) return 'duplicate';
      await runInInboxTransaction(manager, handler);
      return 'processed';
    };
    return this.options.isolationLevel
      ? this.dataSource.transaction(this.options.isolationLevel, work)
      : this.dataSource.transaction(work);
  }
}
