import { randomUUID } from 'node:crypto';
import { LOCAL_CONNECT_DATABASE_PASSWORD, postgresSslOptions, testConfig } from '@platform/config';
import { ensureInfra, eventually } from '@platform/testing';
import { Client } from 'pg';
import { buildOutboxConnectorConfig, outboxSlotName } from '../lib/connector/outbox-connector.config';
import { KafkaConnectClient } from '../lib/connector/kafka-connect.client';
import { replicationSlotLag } from '../lib/connector/replication-slot-lag';
import { CreateOutboxEvents1700000000000 } from '../lib/migrations/1700000000000-create-outbox-events';

// A service whose database sees no writes shares its Postgres (and WAL) with busy ones. Debezium
// confirms a position only when its slot gets something to read: without the heartbeat action
// query (a logical message every heartbeat.interval.ms) the quiet slot pins all the WAL written
// since, and the core app's replication-slot-lag readiness check fails.
describe('outbox connector on a quiet database (real Postgres, Kafka Connect)', () => {
  const config = testConfig('outbox-it');
  const connect = new KafkaConnectClient(config.kafka.connectUrl);
  const quietDb = `outbox_quiet_${randomUUID().slice(0, 8)}`;
  const name = `test.${quietDb.replace(/_/g, '-')}`;
  const slot = outboxSlotName(name);
  let admin: Client;

  const connectTo = async (database: string) => {
    const client = new Client({
      ...config.database,
      user: config.database.username,
      database,
      ssl: postgresSslOptions(config.database.ssl),
    });
    await client.connect();
    return client;
  };
  const rows = (client: Client) => ({
    query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows,
  });

  beforeAll(async () => {
    await ensureInfra(['postgres', 'kafka', 'connect']);
    admin = await connectTo('postgres');
    await admin.query(`CREATE DATABASE ${quietDb}`);
    const quiet = await connectTo(quietDb);
    try {
      await new CreateOutboxEvents1700000000000().up({ query: (sql: string) => quiet.query(sql) } as never);
    } finally {
      await quiet.end();
    }
    await connect.putConnectorConfig(
      name,
      buildOutboxConnectorConfig({
        name,
        prefix: 'test',
        database: { ...config.database, host: config.kafka.connectDatabaseHost, database: quietDb },
        databasePasswordReference: LOCAL_CONNECT_DATABASE_PASSWORD,
      }),
    );
    await connect.waitUntilRunning(name);
    await eventually('the slot is active', async () =>
      (await replicationSlotLag(rows(admin), slot))?.active ? true : undefined,
    );
  }, 5 * 60_000);

  afterAll(async () => {
    await connect.delete(name).catch(() => undefined);
    await eventually('the slot is released', async () =>
      (await replicationSlotLag(rows(admin), slot))?.active ? undefined : true,
    );
    await admin.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${quietDb}`);
    await admin.end();
  }, 2 * 60_000);

  it(
    'keeps its slot caught up while another database writes tens of MB of WAL',
    async () => {
      const busy = await connectTo(config.database.database);
      try {
        await busy.query(
          `CREATE TEMP TABLE wal_filler AS SELECT repeat('x', 1000) AS x FROM generate_series(1, 40000)`,
        );
        await busy.query(`CREATE TABLE wal_filler_${quietDb} AS SELECT * FROM wal_filler`);
        await busy.query(`DROP TABLE wal_filler_${quietDb}`);
      } finally {
        await busy.end();
      }
      const behind = await replicationSlotLag(rows(admin), slot);
      expect(behind?.lagBytes).toBeGreaterThan(20 * 1024 * 1024);
      // Local tuning heartbeats every 10 s and Connect flushes offsets every second.
      const caughtUp = await eventually(
        'the quiet slot confirms past the busy writes',
        async () => {
          const lag = await replicationSlotLag(rows(admin), slot);
          return lag && lag.lagBytes < 1024 * 1024 ? lag : undefined;
        },
        60_000,
      );
      expect(caughtUp.active).toBe(true);
    },
    2 * 60_000,
  );
});
