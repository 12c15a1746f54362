import type { SqlRunner } from '../sql-runner';

export interface SlotLag {
  slot: string;
  active: boolean;
  /** WAL bytes written since Debezium last confirmed: what Postgres must keep for it. */
  lagBytes: number;
}

/** Reads how far the connector's replication slot trails the WAL; undefined when the slot does not exist. */
export async function replicationSlotLag(db: SqlRunner, slot: string): Promise<SlotLag | undefined> {
  const rows = (await db.query(
    `SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint AS lag
       FROM pg_replication_slots WHERE slot_name = $1`,
    [slot],
  )) as Array<{ active: boolean; lag: string | null }>;
  const row = rows[0];
  return row ? { slot, active: row.active, lagBytes: Number(row.lag ?? 0) } : undefined;
}
