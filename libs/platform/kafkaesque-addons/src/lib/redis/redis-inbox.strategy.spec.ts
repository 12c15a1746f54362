import { ensureInfra } from '@platform/testing';
import type { KafkaesqueTestHarness } from '@platform/kafkaesque/testing';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { countingRedis, redisClient, sleep, type CountingRedis } from '../../integration/addons-test-kit';
import {
  contractHarness,
  TOPIC,
  uniquePrefix,
  type ContractHandler,
} from '../../integration/contract-harness';
import { InboxClaimHeldError } from '../errors/inbox-claim-held.error';
import { InboxUnavailableError } from '../errors/inbox-unavailable.error';
import { UUIDIdempotencyPlugin } from '../idempotency/uuid-idempotency.plugin';
import { RedisInboxStrategy, type RedisInboxOptions } from './redis-inbox.strategy';

jest.setTimeout(30_000);

// Real Redis: the strategy is about what Redis does with NX, GET, PX and Lua.
describe('RedisInboxStrategy on Redis', () => {
  let redis: Redis;
  let counting: CountingRedis;
  const harnesses: KafkaesqueTestHarness[] = [];

  beforeAll(async () => {
    await ensureInfra(['redis']);
    redis = redisClient();
  }, 10 * 60_000);

  afterAll(() => redis?.quit());

  beforeEach(() => (counting = countingRedis(redis)));

  afterEach(() => Promise.all(harnesses.splice(0).map((h) => h.close())));

  /** A harness on the counting client; `keyOf(uuid)` is the inbox key of its group. */
  async function harness(handle: ContractHandler, options: RedisInboxOptions & { retries?: number } = {}) {
    const prefix = uniquePrefix();
    const plugin = new UUIDIdempotencyPlugin(new RedisInboxStrategy(counting.client, options));
    const h = await contractHarness(plugin, handle, { ...options, prefix });
    harnesses.push(h);
    return { h, keyOf: (eventUuid: string) => `${prefix}.contract:inbox:${eventUuid}` };
  }

  it('claims `<prefix>.<group>:inbox:<uuid>` while the handler runs, then marks it done for 72 h', async () => {
    const eventUuid = randomUUID();
    let during: { value: string | null; pttl: number } | undefined;
    const { h, keyOf } = await harness(async () => {
      during = { value: await redis.get(keyOf(eventUuid)), pttl: await redis.pttl(keyOf(eventUuid)) };
    });

    await h.pushDecoded(TOPIC, { eventUuid });
    expect(keyOf(eventUuid)).toMatch(/^test-[0-9a-f]{8}\.contract:inbox:[0-9a-f-]{36}$/);
    expect(during?.value).toMatch(/^processing:.+:\d+:[0-9a-f]{8}:\d+$/);
    expect(during?.pttl).toBeGreaterThan(55_000);
    expect(during?.pttl).toBeLessThanOrEqual(60_000);
    expect(await redis.get(keyOf(eventUuid))).toBe('done');
    expect(await redis.pttl(keyOf(eventUuid))).toBeGreaterThan(72 * 3600_000 - 10_000);
  });

  it('per message: a claim and a mark per new event, one claim per duplicate', async () => {
    const { h } = await harness(async () => undefined, { batched: false });
    const batch = Array.from({ length: 5 }, () => ({ decoded: { eventUuid: randomUUID() } }));

    await h.pushBatch(TOPIC, batch);
    expect(counting.calls).toEqual({ set: 10 });
    counting.reset();
    await h.pushBatch(TOPIC, batch);
    expect(counting.calls).toEqual({ set: 5 });
  });

  it('batched: one MGET, a claim per new event, one pipeline of marks; duplicates cost the MGET only', async () => {
    const uuids = Array.from({ length: 5 }, () => randomUUID());
    const firstMarkDuringBatch: Array<string | null> = [];
    const { h, keyOf } = await harness(
      async () => void firstMarkDuringBatch.push(await redis.get(keyOf(uuids[0]))),
    );
    const batch = uuids.map((eventUuid) => ({ decoded: { eventUuid } }));

    expect(await h.pushBatch(TOPIC, batch)).toMatchObject({ committed: true });
    expect(counting.calls).toEqual({ mget: 1, set: 5, exec: 1 });
    // Handled, not yet marked: the marks go in one pipeline at the batch's end, before its commit.
    expect(firstMarkDuringBatch.slice(1).every((value) => value?.startsWith('processing:'))).toBe(true);
    expect(await redis.get(keyOf(uuids[0]))).toBe('done');

    counting.reset();
    const again = await h.pushBatch(TOPIC, batch);
    expect(again.results.every((r) => r.status === 'handled' && !r.handlerInvoked)).toBe(true);
    expect(counting.calls).toEqual({ mget: 1 });
  });

  it('batched: marks that cannot be written keep the batch uncommitted; its redelivery marks without running the handler', async () => {
    let calls = 0;
    const { h, keyOf } = await harness(async () => void calls++);
    const uuids = [randomUUID(), randomUUID()];
    const batch = uuids.map((eventUuid) => ({ decoded: { eventUuid } }));

    counting.failNext('exec');
    const failed = await h.pushBatch(TOPIC, batch);
    expect(failed.committed).toBe(false);
    expect(failed.beforeCommitError).toBeInstanceOf(InboxUnavailableError);
    expect(calls).toBe(2);

    const redelivered = await h.pushBatch(TOPIC, batch);
    expect(redelivered.committed).toBe(true);
    expect(redelivered.results.every((r) => r.status === 'handled' && !r.handlerInvoked)).toBe(true);
    expect(calls).toBe(2);
    expect(await redis.mget(uuids.map(keyOf))).toEqual(['done', 'done']);
  });

  it('batched: a long batch writes its marks before its claims could expire', async () => {
    const uuids = [randomUUID(), randomUUID(), randomUUID()];
    const firstMark: Array<string | null> = [];
    const { h, keyOf } = await harness(
      async () => {
        firstMark.push(await redis.get(keyOf(uuids[0])));
        await sleep(70);
      },
      { lockTtlMs: 200 },
    );

    await h.pushBatch(
      TOPIC,
      uuids.map((eventUuid) => ({ decoded: { eventUuid } })),
    );
    expect(firstMark[1]).toMatch(/^processing:/);
    expect(firstMark[2]).toBe('done'); // the first claim was over half its TTL old
  });

  it('batched: goes on without the look-ahead when the MGET fails', async () => {
    let calls = 0;
    const { h } = await harness(async () => void calls++);

    counting.failNext('mget');
    const result = await h.pushBatch(TOPIC, [{ decoded: { eventUuid: randomUUID() } }]);
    expect(result.batchStartErrors).toEqual([expect.any(InboxUnavailableError)]);
    expect(result).toMatchObject({ committed: true, results: [{ status: 'handled', handlerInvoked: true }] });
    expect(calls).toBe(1);
  });

  it('per message: a mark that cannot be written fails the attempt, and the retry writes it without running the handler', async () => {
    let calls = 0;
    const { h, keyOf } = await harness(async () => void calls++, { batched: false });
    const eventUuid = randomUUID();

    counting.failNext('set', { skip: 1 }); // the claim passes, the mark fails
    expect(await h.pushDecoded(TOPIC, { eventUuid })).toMatchObject({
      status: 'handled',
      attempts: 2,
      handlerInvoked: false,
    });
    expect(calls).toBe(1);
    expect(await redis.get(keyOf(eventUuid))).toBe('done');
  });

  it('takes back its own claim whose release failed, instead of waiting for it to expire', async () => {
    let calls = 0;
    const { h, keyOf } = await harness(async () => {
      if (++calls === 1) throw new Error('handler fails once');
    });
    const eventUuid = randomUUID();

    counting.failNext('eval'); // the release after the failure
    expect(await h.pushDecoded(TOPIC, { eventUuid })).toMatchObject({ status: 'handled', attempts: 2 });
    expect(calls).toBe(2);
    expect(await redis.get(keyOf(eventUuid))).toBe('done');
  });

  it("is retried while another owner's claim is live, and runs the handler once that claim expired", async () => {
    let calls = 0;
    const { h, keyOf } = await harness(async () => void calls++);
    const eventUuid = randomUUID();
    await redis.set(keyOf(eventUuid), 'processing:other-host:1:abcd0123:1', 'PX', 300);

    const refused = await h.pushDecoded(TOPIC, { eventUuid });
    expect(refused).toMatchObject({ status: 'dead-lettered', attempts: 3 });
    expect((refused as { error: Error }).error).toBeInstanceOf(InboxClaimHeldError);
    expect((refused as { error: Error }).error.message).toContain('other-host:1:abcd0123:1');
    await sleep(350);
    expect(await h.pushDecoded(TOPIC, { eventUuid })).toMatchObject({
      status: 'handled',
      handlerInvoked: true,
    });
    expect(calls).toBe(1);
  });

  it('never skips a message when Redis does not answer: every attempt fails retriably and the handler does not run', async () => {
    const unreachable = redisClient({ port: 1, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    unreachable.on('error', () => undefined);
    try {
      let calls = 0;
      const plugin = new UUIDIdempotencyPlugin(new RedisInboxStrategy(unreachable));
      const h = await contractHarness(plugin, async () => void calls++);
      harnesses.push(h);

      const result = await h.pushDecoded(TOPIC, { eventUuid: randomUUID() });
      expect(result).toMatchObject({ status: 'dead-lettered', attempts: 3, backoffsMs: [1, 2] });
      expect((result as { error: unknown }).error).toBeInstanceOf(InboxUnavailableError);
      expect(calls).toBe(0);
    } finally {
      unreachable.disconnect();
    }
  });
});
