import { randomUUID } from 'node:crypto';
import {
  LOCAL_CONNECT_DATABASE_PASSWORD as databasePasswordReference,
  testConfig,
  type DatabaseConfig,
} from '@platform/config';
import {
  ensureInfra,
  ensureLocalTls,
  eventually,
  scratchDatabase,
  unrelatedCaFile,
  type LocalTls,
  type ScratchDatabase,
} from '@platform/testing';
import { KafkaConnectClient } from '../lib/connector/kafka-connect.client';
import { buildOutboxConnectorConfig } from '../lib/connector/outbox-connector.config';
import { CreateOutboxEvents1700000000000 } from '../lib/migrations/1700000000000-create-outbox-events';

// Debezium's side of database TLS: database.sslmode=verify-full with database.sslrootcert, a
// path the Connect worker reads. The local worker runs on this machine, so the local CA's own
// path (.infra/tls/ca.crt) is one it can read.
describe('outbox connector with sslmode=verify-full (real Kafka Connect, Postgres with TLS)', () => {
  const config = testConfig('outbox-tls');
  const connect = new KafkaConnectClient(config.kafka.connectUrl);
  let tls: LocalTls;
  let db: ScratchDatabase;
  const name = `test.outbox-tls-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    tls = await ensureLocalTls();
    await ensureInfra(['kafka', 'connect']);
    db = await scratchDatabase(`outbox_tls_${randomUUID().slice(0, 8)}`);
    await new CreateOutboxEvents1700000000000().up({ query: (sql: string) => db.query(sql) } as never);
  }, 10 * 60_000);

  afterAll(async () => {
    await connect.delete(name).catch(() => undefined);
    await db?.drop();
  }, 2 * 60_000);

  const database = (connectCaFile: string): DatabaseConfig => ({
    ...config.database,
    host: config.kafka.connectDatabaseHost,
    database: db.name,
    ssl: { mode: 'verify-full', caFile: tls.caFile, connectCaFile },
  });

  it('passes Connect validation with the local CA, and fails it with an unrelated one', async () => {
    const good = buildOutboxConnectorConfig({
      name,
      prefix: 'test',
      databasePasswordReference,
      database: database(tls.caFile),
    });
    expect(good).toMatchObject({ 'database.sslmode': 'verify-full', 'database.sslrootcert': tls.caFile });
    expect(await connect.validationErrors({ name, ...good })).toEqual([]);

    const wrong = buildOutboxConnectorConfig({
      name,
      prefix: 'test',
      databasePasswordReference,
      database: database(unrelatedCaFile()),
    });
    const errors = await connect.validationErrors({ name, ...wrong });
    expect(errors).toEqual([
      expect.stringMatching(/^database\.hostname: .*SSL error: PKIX path building failed/),
    ]);
  });

  it('names a CA path the worker cannot read', async () => {
    const missing = buildOutboxConnectorConfig({
      name,
      prefix: 'test',
      databasePasswordReference,
      database: database('/nonexistent/ca.crt'),
    });
    expect(await connect.validationErrors({ name, ...missing })).toEqual([
      expect.stringContaining('Could not open SSL root certificate file /nonexistent/ca.crt'),
    ]);
  });

  it(
    'streams over a TLS replication connection',
    async () => {
      await connect.putConnectorConfig(
        name,
        buildOutboxConnectorConfig({
          name,
          prefix: 'test',
          databasePasswordReference,
          database: database(tls.caFile),
        }),
      );
      await connect.waitUntilRunning(name);
      const ssl = await eventually('the connector’s walsender', async () => {
        const rows = await db.query<{ ssl: boolean }>(
          `SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
          WHERE a.backend_type = 'walsender' AND a.datname = $1`,
          [db.name],
        );
        return rows[0]?.ssl;
      });
      expect(ssl).toBe(true);
    },
    2 * 60_000,
  );
});
