/** What pruneInbox needs to run SQL: a TypeORM DataSource or EntityManager, or a pg client. */
export interface InboxSqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface PruneInboxResult {
  deleted: number;
  batches: number;
}

/**
 * Deletes inbox rows processed before `olderThan`, in batches (short transactions, no long
 * locks), for a worker job. The retention is the deduplication window: a duplicate arriving
 * after its row is gone runs the handler again. Keep it at least as long as Redis's TTL (72 h).
 */
export async function pruneInbox(
  db: InboxSqlRunner,
  options: { olderThan: Date; batchSize?: number; maxBatches?: number },
): Promise<PruneInboxResult> {
  const batchSize = options.batchSize ?? 5000;
  const maxBatches = options.maxBatches ?? 1000;
  let deleted = 0;
  let batches = 0;
  while (batches < maxBatches) {
    const rows = (await db.query(
      `WITH doomed AS (
         SELECT consumer_group, event_uuid FROM kafka_inbox WHERE processed_at < $1 ORDER BY processed_at LIMIT $2
       )
       DELETE FROM kafka_inbox i USING doomed
       WHERE i.consumer_group = doomed.consumer_group AND i.event_uuid = doomed.event_uuid
       RETURNING 1`,
      [options.olderThan, batchSize],
    )) as unknown[];
    // TypeORM's postgres driver answers a DELETE ... RETURNING with [rows, count]; pg with rows.
    const count = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
    batches++;
    deleted += count;
    if (count < batchSize) break;
  }
  return { deleted, batches };
}
