import { create } from '@bufbuild/protobuf';
import { postgresSslOptions, testConfig } from '@platform/config';
import { ensureInfra } from '@platform/testing';
import { AddOnEnabledSchema, EmptyPartitionKeyError, eventCatalog } from '@proto/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateOutboxEvents1700000000000 } from './migrations/1700000000000-create-outbox-events';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxTransactionRequiredError } from './outbox-transaction-required.error';
import { OutboxWriter } from './outbox.writer';
import { pruneOutbox } from './outbox.pruner';

// Real Postgres: the writer's contract is about transactions, which a fake cannot show.
describe('OutboxWriter and pruneOutbox on Postgres', () => {
  let db: DataSource;
  let traceContext: string | null = null;
  const writer = new OutboxWriter({ current: () => traceContext });
  const topic = eventCatalog.addOnsAddOnEventsV1;
  const enabled = (providerId: string) => create(AddOnEnabledSchema, { providerId, addOnCode: 'online_payments' });

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    const { database } = testConfig('outbox');
    db = new DataSource({
      type: 'postgres',
      ...database,
      ssl: postgresSslOptions(database.ssl),
      entities: [OutboxEvent],
      migrations: [CreateOutboxEvents1700000000000],
      migrationsTableName: 'typeorm_migrations',
    });
    await db.initialize();
    await db.runMigrations();
  }, 20 * 60_000);

  afterAll(() => db?.destroy());

  it('writes the row inside the transaction, with type, key and topic from the catalog', async () => {
    const providerId = randomUUID();
    traceContext = '{"x-datadog-trace-id":"1","x-datadog-parent-id":"2"}';
    const written = await db.transaction((tx) => writer.publish(tx, topic, 'add_on_enabled', enabled(providerId)));
    traceContext = null;
    const row = await db.getRepository(OutboxEvent).findOneByOrFail({ uuid: written.uuid });
    expect(row).toMatchObject({
      partitionKey: providerId,
      eventType: 'add_on_enabled',
      topicName: 'add-ons.add-on-events-v1',
      traceContext: '{"x-datadog-trace-id":"1","x-datadog-parent-id":"2"}',
    });
    expect(Buffer.from(written.protoPayload).equals(row.protoPayload)).toBe(true);
    // Stored as UTC whatever the process's time zone: compare through Postgres, not the driver.
    const [{ ms }] = await db.query('SELECT (extract(epoch from timestamp) * 1000)::bigint AS ms FROM outbox_events WHERE uuid = $1', [
      written.uuid,
    ]);
    expect(Number(ms)).toBe(written.timestamp.getTime());
  });

  it('stores a null trace context when there is no active trace', async () => {
    const written = await db.transaction((tx) => writer.publish(tx, topic, 'add_on_enabled', enabled(randomUUID())));
    expect((await db.getRepository(OutboxEvent).findOneByOrFail({ uuid: written.uuid })).traceContext).toBeNull();
  });

  it('refuses to write outside a transaction', async () => {
    await expect(writer.publish(db.manager, topic, 'add_on_enabled', enabled(randomUUID()))).rejects.toThrow(
      OutboxTransactionRequiredError,
    );
  });

  it('refuses an event without its partition key, and the transaction rolls back', async () => {
    const before = await db.getRepository(OutboxEvent).count();
    await expect(
      db.transaction((tx) => writer.publish(tx, topic, 'add_on_enabled', create(AddOnEnabledSchema, {}))),
    ).rejects.toThrow(EmptyPartitionKeyError);
    expect(await db.getRepository(OutboxEvent).count()).toBe(before);
  });

  it('prunes rows older than the retention in batches, and keeps newer ones', async () => {
    const providerId = randomUUID();
    await db.transaction(async (tx) => {
      for (let i = 0; i < 25; i++) await writer.publish(tx, topic, 'add_on_enabled', enabled(providerId));
    });
    await db.query(`UPDATE outbox_events SET timestamp = timestamp - interval '2 days' WHERE partition_key = $1`, [providerId]);
    const fresh = await db.transaction((tx) => writer.publish(tx, topic, 'add_on_enabled', enabled(providerId)));

    const result = await pruneOutbox(db, { olderThan: new Date(Date.now() - 24 * 3600_000), batchSize: 10 });
    expect(result.deleted).toBeGreaterThanOrEqual(25);
    expect(result.batches).toBeGreaterThanOrEqual(3);
    const left = await db.query('SELECT uuid FROM outbox_events WHERE partition_key = $1', [providerId]);
    expect(left).toEqual([{ uuid: fresh.uuid }]);
  });
});
