import { Client } from 'pg';
import { eventuallyPasses } from './eventually';
import { infraSettings } from './infra-settings';

export interface ScratchDatabase {
  readonly name: string;
  /** Runs one statement on the scratch database and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Drops the database with the replication slots on it (a slot left behind would pin the
   * WAL of every database on the server). Delete the connectors reading it first.
   */
  drop(): Promise<void>;
}

/** An empty database of its own on the local Postgres (dropped first if a crashed run left it). */
export async function scratchDatabase(name: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const s = infraSettings();
  const connect = async (database: string) => {
    const client = new Client({
      host: s.INFRA_HOST,
      port: Number(s.POSTGRES_PORT),
      user: s.POSTGRES_USER,
      password: s.POSTGRES_PASSWORD,
      database,
    });
    await client.connect();
    return client;
  };
  const onServer = async (run: (admin: Client) => Promise<unknown>) => {
    const admin = await connect('postgres');
    try {
      await run(admin);
    } finally {
      await admin.end();
    }
  };
  const dropSlotsAndDatabase = (admin: Client) =>
    eventuallyPasses(async () => {
      await admin.query(
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active',
        [name],
      );
      const { rows } = await admin.query('SELECT slot_name FROM pg_replication_slots WHERE database = $1', [
        name,
      ]);
      if (rows.length > 0)
        throw new Error(`replication slots still active on ${name}: ${JSON.stringify(rows)}`);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }, 60_000);
  await onServer(async (admin) => {
    await dropSlotsAndDatabase(admin);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  return {
    name,
    async query<T>(sql: string, params?: unknown[]) {
      const client = await connect(name);
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    drop: () => onServer(dropSlotsAndDatabase),
  };
}
