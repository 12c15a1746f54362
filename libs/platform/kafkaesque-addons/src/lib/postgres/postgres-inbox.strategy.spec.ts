import { ensureInfra, eventuallyPasses } from '@platform/testing';
import type { KafkaesqueTestHarness } from '@platform/kafkaesque/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EFFECTS_TABLE, gate, testDataSource } from '../../integration/addons-test-kit';
import {
  contractHarness,
  TOPIC,
  uniquePrefix,
  type ContractHandler,
  type ContractMessage,
} from '../../integration/contract-harness';
import { InboxTransactionRequiredError } from '../errors/inbox-transaction-required.error';
import { UUIDIdempotencyPlugin } from '../idempotency/uuid-idempotency.plugin';
import { currentInboxTransaction } from './inbox-transaction';
import { pruneInbox } from './inbox.pruner';
import { PostgresInboxStrategy } from './postgres-inbox.strategy';

jest.setTimeout(30_000);

// Real Postgres: the strategy's promise is about transactions and row locks.
describe('PostgresInboxStrategy on Postgres', () => {
  let db: DataSource;
  const harnesses: KafkaesqueTestHarness[] = [];

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    db = await testDataSource();
  }, 10 * 60_000);

  afterAll(() => db?.destroy());

  afterEach(() => Promise.all(harnesses.splice(0).map((h) => h.close())));

  async function harness(handle: ContractHandler, options: { retries?: number } = {}) {
    const prefix = uniquePrefix();
    const h = await contractHarness(new UUIDIdempotencyPlugin(new PostgresInboxStrategy(db)), handle, {
      ...options,
      prefix,
    });
    harnesses.push(h);
    return { h, group: `${prefix}.contract` };
  }

  /** The handler's effect, written through the inbox transaction. */
  const writeEffect = async (message: ContractMessage): Promise<void> => {
    await currentInboxTransaction().query(`INSERT INTO ${EFFECTS_TABLE} (event_uuid, note) VALUES ($1, $2)`, [
      message.eventUuid,
      message.note ?? '',
    ]);
    if (message.note === 'fail') throw new Error('handler fails after its write');
  };

  async function rows(group: string, eventUuid: string): Promise<{ inbox: number; effects: number }> {
    const [{ inbox, effects }] = await db.query(
      `SELECT (SELECT count(*) FROM kafka_inbox WHERE consumer_group = $1 AND event_uuid = $2)::int AS inbox,
              (SELECT count(*) FROM ${EFFECTS_TABLE} WHERE event_uuid = $2)::int AS effects`,
      [group, eventUuid],
    );
    return { inbox, effects };
  }

  it("commits the handler's write and the inbox row together", async () => {
    const { h, group } = await harness(writeEffect);
    const eventUuid = randomUUID();

    expect(await h.pushDecoded(TOPIC, { eventUuid, note: 'ok' })).toMatchObject({
      status: 'handled',
      handlerInvoked: true,
    });
    expect(await rows(group, eventUuid)).toEqual({ inbox: 1, effects: 1 });
    expect(await h.pushDecoded(TOPIC, { eventUuid, note: 'ok' })).toMatchObject({ handlerInvoked: false });
    expect(await rows(group, eventUuid)).toEqual({ inbox: 1, effects: 1 });
  });

  it('rolls back both on a handler error, and the redelivery runs the handler again', async () => {
    const { h, group } = await harness(writeEffect, { retries: 0 });
    const eventUuid = randomUUID();

    expect(await h.pushDecoded(TOPIC, { eventUuid, note: 'fail' })).toMatchObject({
      status: 'dead-lettered',
    });
    expect(await rows(group, eventUuid)).toEqual({ inbox: 0, effects: 0 });
    expect(await h.pushDecoded(TOPIC, { eventUuid, note: 'redelivered' })).toMatchObject({
      status: 'handled',
      handlerInvoked: true,
    });
    expect(await rows(group, eventUuid)).toEqual({ inbox: 1, effects: 1 });
  });

  it('makes a concurrent duplicate wait on the inbox row, then skip it', async () => {
    const held = gate();
    const entered = gate();
    let calls = 0;
    const { h, group } = await harness(async (message) => {
      calls++;
      entered.open();
      await held.promise;
      await writeEffect(message);
    });
    const eventUuid = randomUUID();

    const first = h.pushDecoded(TOPIC, { eventUuid });
    await entered.promise;
    const second = h.pushDecoded(TOPIC, { eventUuid });
    // The duplicate's INSERT waits for the first transaction's lock on the primary key.
    await eventuallyPasses(async () => {
      const [{ waiting }] = await db.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE application_name = 'kafkaesque-addons-test' AND wait_event_type = 'Lock' AND query LIKE '%kafka_inbox%'`,
      );
      expect(waiting).toBe(1);
    }, 5_000);
    held.open();

    expect(await first).toMatchObject({ status: 'handled', handlerInvoked: true });
    expect(await second).toMatchObject({ status: 'handled', handlerInvoked: false, attempts: 1 });
    expect(calls).toBe(1);
    expect(await rows(group, eventUuid)).toEqual({ inbox: 1, effects: 1 });
  });

  it('offers the inbox transaction only inside the handler', async () => {
    expect(() => currentInboxTransaction()).toThrow(InboxTransactionRequiredError);
    let active: boolean | undefined;
    const { h } = await harness(
      async () => void (active = currentInboxTransaction().queryRunner?.isTransactionActive),
    );
    await h.pushDecoded(TOPIC, { eventUuid: randomUUID() });
    expect(active).toBe(true);
  });

  it('prunes rows processed before the retention, in batches, and keeps newer ones', async () => {
    const group = `${uniquePrefix()}.prune`;
    await db.query(
      `INSERT INTO kafka_inbox (consumer_group, event_uuid, processed_at)
       SELECT $1, gen_random_uuid(), now() - interval '100 days' FROM generate_series(1, 25)`,
      [group],
    );
    const recent = randomUUID();
    await db.query('INSERT INTO kafka_inbox (consumer_group, event_uuid) VALUES ($1, $2)', [group, recent]);

    const result = await pruneInbox(db, { olderThan: new Date(Date.now() - 99 * 86_400_000), batchSize: 10 });
    expect(result.deleted).toBeGreaterThanOrEqual(25);
    expect(result.batches).toBeGreaterThanOrEqual(3);
    const left = await db.query('SELECT event_uuid FROM kafka_inbox WHERE consumer_group = $1', [group]);
    expect(left).toEqual([{ event_uuid: recent }]);
  });
});
