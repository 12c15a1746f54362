import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutboxBacklog } from './outbox-backlog.model';

/** Size and age of the outbox, in one statement on the service's DataSource. */
@Injectable()
export class OutboxBacklogQuery {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async read(): Promise<OutboxBacklog> {
    // "timestamp" is TIMESTAMP WITHOUT TIME ZONE holding UTC (see OutboxWriter): convert in SQL,
    // where the zone is known, rather than let the driver read it in the process's local zone.
    const [row]: Array<{ count: number; oldest: Date | null; age: number | null }> =
      await this.dataSource.query(
        `SELECT count(*)::int AS count,
              min("timestamp") AT TIME ZONE 'UTC' AS oldest,
              EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - min("timestamp"))::float8 AS age
         FROM outbox_events`,
      );
    return { count: row.count, oldestEventAt: row.oldest, oldestEventAgeSeconds: row.age };
  }
}
