import type { SqlRunner } from './sql-runner';

export interface PruneResult {
  deleted: number;
  batches: number;
}

/**
 * Deletes outbox rows older than the retention, in batches (short transactions, no long
 * locks). Safe whatever Debezium's progress: it reads inserts from the WAL, which the
 * replication slot retains until it has confirmed them, not from the table. The retention
 * only keeps recent rows around for debugging and for the replay of a lost connector offset.
 */
export async function pruneOutbox(
  db: SqlRunner,
  options: { olderThan: Date; batchSize?: number; maxBatches?: number },
): Promise<PruneResult> {
  const batchSize = options.batchSize ?? 5000;
  const maxBatches = options.maxBatches ?? 1000;
  const cutoff = options.olderThan.toISOString().slice(0, -1); // TIMESTAMP column holds UTC
  let deleted = 0;
  let batches = 0;
  while (batches < maxBatches) {
    const rows = (await db.query(
      `WITH doomed AS (
         SELECT uuid FROM outbox_events WHERE timestamp < $1::timestamp ORDER BY timestamp LIMIT $2
       )
       DELETE FROM outbox_events o USING doomed WHERE o.uuid = doomed.uuid RETURNING 1`,
      [cutoff, batchSize],
    )) as unknown[];
    // TypeORM's postgres driver answers a DELETE ... RETURNING with [rows, count].
    const count = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
    batches++;
    deleted += count;
    if (count < batchSize) break;
  }
  return { deleted, batches };
}
