import { ensureInfra } from '@platform/testing';
import type { KafkaesqueTestHarness } from '@platform/kafkaesque/testing';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import diagnostics_channel from 'node:diagnostics_channel';
import type { DataSource } from 'typeorm';
import { InboxClaimHeldError } from '../lib/errors/inbox-claim-held.error';
import { MissingEventUuidError } from '../lib/errors/missing-event-uuid.error';
import { KAFKAESQUE_ADDONS_CHANNELS, type InboxEvent } from '../lib/events/kafkaesque-addons.channels';
import { InMemoryInboxStrategy } from '../lib/idempotency/in-memory-inbox.strategy';
import type { InboxStrategy } from '../lib/idempotency/inbox-strategy.interface';
import { UUIDIdempotencyPlugin } from '../lib/idempotency/uuid-idempotency.plugin';
import { PostgresInboxStrategy } from '../lib/postgres/postgres-inbox.strategy';
import { RedisInboxStrategy } from '../lib/redis/redis-inbox.strategy';
import { gate, redisClient, sleep, testDataSource } from './addons-test-kit';
import { contractHarness, TOPIC, type ContractHandler } from './contract-harness';

jest.setTimeout(30_000);

let redis: Redis;
let db: DataSource;

beforeAll(async () => {
  await ensureInfra(['redis', 'postgres']);
  redis = redisClient();
  db = await testDataSource();
}, 10 * 60_000);

afterAll(async () => {
  await redis?.quit();
  await db?.destroy();
});

interface Subject {
  readonly name: string;
  strategy(): InboxStrategy;
  /** What a delivery does while another delivery of the same event runs: wait for it, or fail and be retried. */
  readonly concurrentDuplicate: 'waits' | 'is-retried';
}

const SUBJECTS: Subject[] = [
  { name: 'in-memory', strategy: () => new InMemoryInboxStrategy(), concurrentDuplicate: 'is-retried' },
  {
    name: 'redis, batched',
    strategy: () => new RedisInboxStrategy(redis),
    concurrentDuplicate: 'is-retried',
  },
  {
    name: 'redis, per message',
    strategy: () => new RedisInboxStrategy(redis, { batched: false }),
    concurrentDuplicate: 'is-retried',
  },
  { name: 'postgres', strategy: () => new PostgresInboxStrategy(db), concurrentDuplicate: 'waits' },
];

// The contract every inbox strategy keeps, run through kafkaesque's harness (real plugin
// chain, retries and dead letters) against the real stores.
describe.each(SUBJECTS)('UUIDIdempotencyPlugin with the $name inbox', (subject) => {
  const harnesses: KafkaesqueTestHarness[] = [];
  const skipped: InboxEvent[] = [];
  const onSkipped = (event: unknown) => skipped.push(event as InboxEvent);

  async function harness(handle: ContractHandler, options: { retries?: number; groups?: string[] } = {}) {
    const created = await contractHarness(new UUIDIdempotencyPlugin(subject.strategy()), handle, options);
    harnesses.push(created);
    return created;
  }

  beforeEach(() => {
    skipped.length = 0;
    diagnostics_channel.subscribe(KAFKAESQUE_ADDONS_CHANNELS.duplicateSkipped, onSkipped);
  });

  afterEach(async () => {
    diagnostics_channel.unsubscribe(KAFKAESQUE_ADDONS_CHANNELS.duplicateSkipped, onSkipped);
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });

  it('runs the handler once for an event delivered twice, and reports the skipped duplicate', async () => {
    let calls = 0;
    const h = await harness(async () => void calls++);
    const eventUuid = randomUUID();

    expect(await h.pushDecoded(TOPIC, { eventUuid }, { offset: 7 })).toMatchObject({
      status: 'handled',
      handlerInvoked: true,
    });
    expect(await h.pushDecoded(TOPIC, { eventUuid: eventUuid.toUpperCase() }, { offset: 8 })).toMatchObject({
      status: 'handled',
      handlerInvoked: false,
    });
    expect(calls).toBe(1);
    expect(skipped).toEqual([
      expect.objectContaining({
        groupId: 'contract',
        topic: TOPIC,
        offset: '8',
        eventUuid,
        strategy: subject.strategy().name,
      }),
    ]);
  });

  it('never runs the handler for a delivery that arrives while another delivery of the event runs', async () => {
    const held = gate();
    const entered = gate();
    let calls = 0;
    const h = await harness(async () => {
      calls++;
      entered.open();
      await held.promise;
    });
    const eventUuid = randomUUID();

    const first = h.pushDecoded(TOPIC, { eventUuid });
    await entered.promise;
    const second = h.pushDecoded(TOPIC, { eventUuid });
    const whileHeld = await Promise.race([second, sleep(300).then(() => 'still waiting' as const)]);
    if (subject.concurrentDuplicate === 'waits') {
      expect(whileHeld).toBe('still waiting');
    } else {
      // Refused on every attempt while the first runs (the harness does not wait the backoffs).
      expect(whileHeld).toMatchObject({ status: 'dead-lettered', attempts: 3 });
      expect((whileHeld as { error: unknown }).error).toBeInstanceOf(InboxClaimHeldError);
    }
    held.open();
    expect(await first).toMatchObject({ status: 'handled', handlerInvoked: true });
    if (subject.concurrentDuplicate === 'waits') {
      expect(await second).toMatchObject({ status: 'handled', handlerInvoked: false });
    }
    // Once the first is done, any further delivery is a skipped duplicate.
    expect(await h.pushDecoded(TOPIC, { eventUuid })).toMatchObject({
      status: 'handled',
      handlerInvoked: false,
    });
    expect(calls).toBe(1);
  });

  it('frees the event when the handler fails: the retry runs the handler again, then it is done', async () => {
    let calls = 0;
    const h = await harness(async () => {
      if (++calls === 1) throw new Error('first attempt fails');
    });
    const eventUuid = randomUUID();

    expect(await h.pushDecoded(TOPIC, { eventUuid })).toMatchObject({ status: 'handled', attempts: 2 });
    expect(calls).toBe(2);
    expect(await h.pushDecoded(TOPIC, { eventUuid })).toMatchObject({
      status: 'handled',
      handlerInvoked: false,
    });
    expect(calls).toBe(2);
  });

  it('does not mark a dead-lettered event done: its redelivery runs the handler', async () => {
    let fail = true;
    let calls = 0;
    const h = await harness(
      async () => {
        calls++;
        if (fail) throw new Error('down');
      },
      { retries: 0 },
    );
    const eventUuid = randomUUID();

    expect(await h.pushDecoded(TOPIC, { eventUuid })).toMatchObject({ status: 'dead-lettered', attempts: 1 });
    fail = false;
    expect(await h.pushDecoded(TOPIC, { eventUuid })).toMatchObject({
      status: 'handled',
      handlerInvoked: true,
    });
    expect(calls).toBe(2);
  });

  it('dead-letters a message without a valid uuid at once, without running the handler', async () => {
    let calls = 0;
    const h = await harness(async () => void calls++);

    for (const message of [{}, { eventUuid: 'not-a-uuid' }]) {
      const result = await h.pushDecoded(TOPIC, message);
      expect(result).toMatchObject({ status: 'dead-lettered', attempts: 1 });
      expect((result as { error: unknown }).error).toBeInstanceOf(MissingEventUuidError);
    }
    expect(calls).toBe(0);
  });

  it('keeps one inbox per consumer group', async () => {
    const calls: string[] = [];
    const h = await harness(async (_message, context) => void calls.push(context.groupId), {
      groups: ['audit', 'billing'],
    });
    const eventUuid = randomUUID();

    for (const groupId of ['audit', 'billing', 'audit'])
      await h.pushDecoded(TOPIC, { eventUuid }, { groupId });
    expect(calls).toEqual(['audit', 'billing']);
  });

  it('runs the handler once per event in a batch, the same event twice in it included', async () => {
    const calls: string[] = [];
    const h = await harness(async (message) => void calls.push(message.note ?? ''));
    const [a, b] = [randomUUID(), randomUUID()];

    const first = await h.pushBatch(TOPIC, [
      { decoded: { eventUuid: a, note: 'a' } },
      { decoded: { eventUuid: a, note: 'a again' } },
      { decoded: { eventUuid: b, note: 'b' } },
    ]);
    expect(first.committed).toBe(true);
    expect(first.results.map((r) => r.status === 'handled' && r.handlerInvoked)).toEqual([true, false, true]);
    const again = await h.pushBatch(TOPIC, [{ decoded: { eventUuid: b } }, { decoded: { eventUuid: a } }]);
    expect(again.results.map((r) => r.status === 'handled' && r.handlerInvoked)).toEqual([false, false]);
    expect(calls).toEqual(['a', 'b']);
  });
});
