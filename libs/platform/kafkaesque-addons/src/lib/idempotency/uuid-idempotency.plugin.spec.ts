import type { MessageBatch, MessageContext, RawRecord } from '@platform/kafkaesque';
import { randomUUID } from 'node:crypto';
import diagnostics_channel from 'node:diagnostics_channel';
import { InboxClaimHeldError } from '../errors/inbox-claim-held.error';
import { MissingEventUuidError } from '../errors/missing-event-uuid.error';
import { KAFKAESQUE_ADDONS_CHANNELS } from '../events/kafkaesque-addons.channels';
import { debeziumEventUuid, normalizeEventUuid, uuidFromHeader } from './event-uuid';
import type { InboxEntry, InboxStrategy } from './inbox-strategy.interface';
import { UUIDIdempotencyPlugin } from './uuid-idempotency.plugin';

const record = (headers: RawRecord['headers'] = {}): RawRecord => ({
  topic: 'dev.add-ons.add-on-events-v1',
  partition: 2,
  offset: '41',
  key: null,
  value: null,
  headers,
  timestamp: '0',
});

const context = (headers: RawRecord['headers'] = {}): MessageContext => ({
  groupId: 'my_service.audit',
  kafkaGroupId: 'dev.my_service.audit',
  topic: 'add-ons.add-on-events-v1',
  partition: 2,
  offset: '41',
  eventType: 'add_on_enabled',
  attempt: 1,
  maxAttempts: 3,
  record: record(headers),
  signal: new AbortController().signal,
});

/** Records what the plugin asks of its strategy. */
class RecordingStrategy implements InboxStrategy {
  readonly name = 'recording';
  readonly runs: InboxEntry[] = [];
  readonly prefetched: InboxEntry[][] = [];
  result: 'processed' | 'duplicate' | Error = 'processed';

  async run(entry: InboxEntry, _context: MessageContext, handler: () => Promise<void>) {
    this.runs.push(entry);
    if (this.result instanceof Error) throw this.result;
    if (this.result === 'processed') await handler();
    return this.result;
  }

  async prefetch(_batch: MessageBatch, entries: readonly InboxEntry[]) {
    this.prefetched.push([...entries]);
  }
}

describe('UUIDIdempotencyPlugin', () => {
  it("keys the inbox on the group's Kafka name and the DebeziumEvent's uuid, in lower case", async () => {
    const strategy = new RecordingStrategy();
    const next = jest.fn(async () => undefined);
    const eventUuid = randomUUID();

    await new UUIDIdempotencyPlugin(strategy).handle({ eventUuid: eventUuid.toUpperCase() }, context(), next);
    expect(strategy.runs).toEqual([{ consumerGroup: 'dev.my_service.audit', eventUuid }]);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('takes the uuid from a header when told to (Debezium EventRouter writes `id`)', async () => {
    const strategy = new RecordingStrategy();
    const eventUuid = randomUUID();
    const plugin = new UUIDIdempotencyPlugin(strategy, { uuidOf: uuidFromHeader() });

    await plugin.handle(null, context({ id: Buffer.from(eventUuid) }), async () => undefined);
    await plugin.handle(null, context({ id: [null, eventUuid] }), async () => undefined);
    expect(strategy.runs.map((r) => r.eventUuid)).toEqual([eventUuid, eventUuid]);
  });

  it('refuses a message without a valid uuid with a non-retriable error naming the record', async () => {
    const plugin = new UUIDIdempotencyPlugin(new RecordingStrategy());
    const error = await plugin
      .handle({ eventUuid: 'abc' }, context(), async () => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingEventUuidError);
    expect(error).toMatchObject({ retriable: false });
    expect((error as Error).message).toBe(
      'dev.add-ons.add-on-events-v1[2] offset 41 has no valid event uuid (found "abc"); check the plugin\'s uuidOf',
    );
  });

  it('publishes skipped duplicates and held claims on its diagnostics channels', async () => {
    const events: Array<[string, unknown]> = [];
    const listeners = Object.values(KAFKAESQUE_ADDONS_CHANNELS).map((name) => {
      const listener = (event: unknown) => events.push([name, event]);
      diagnostics_channel.subscribe(name, listener);
      return [name, listener] as const;
    });
    try {
      const strategy = new RecordingStrategy();
      const plugin = new UUIDIdempotencyPlugin(strategy);
      const eventUuid = randomUUID();
      strategy.result = 'duplicate';
      await plugin.handle({ eventUuid }, context(), async () => undefined);
      strategy.result = new InboxClaimHeldError('k', 'other');
      await expect(plugin.handle({ eventUuid }, context(), async () => undefined)).rejects.toBeInstanceOf(
        InboxClaimHeldError,
      );
      const expected = {
        groupId: 'my_service.audit',
        kafkaGroupId: 'dev.my_service.audit',
        topic: 'add-ons.add-on-events-v1',
        partition: 2,
        offset: '41',
        eventType: 'add_on_enabled',
        eventUuid,
        strategy: 'recording',
      };
      expect(events).toEqual([
        ['kafkaesque-addons:duplicate-skipped', expected],
        ['kafkaesque-addons:claim-held', expected],
      ]);
    } finally {
      for (const [name, listener] of listeners) diagnostics_channel.unsubscribe(name, listener);
    }
  });

  it("hands a batch's valid uuids to the strategy's prefetch, leaving out undecodable and uuid-less messages", async () => {
    const strategy = new RecordingStrategy();
    const [a, b] = [randomUUID(), randomUUID()];
    const batch: MessageBatch = {
      groupId: 'g',
      kafkaGroupId: 'dev.g',
      topic: 't',
      kafkaTopic: 'dev.t',
      partition: 0,
      signal: new AbortController().signal,
      messages: [
        { record: record(), decoded: { eventUuid: a }, decodeFailed: false },
        { record: record(), decoded: undefined, decodeFailed: true },
        { record: record(), decoded: { eventUuid: 'nope' }, decodeFailed: false },
        { record: record(), decoded: null, decodeFailed: false },
        { record: record(), decoded: { eventUuid: b }, decodeFailed: false },
      ],
    };
    await new UUIDIdempotencyPlugin(strategy).onBatchStart(batch);
    expect(strategy.prefetched).toEqual([
      [
        { consumerGroup: 'dev.g', eventUuid: a },
        { consumerGroup: 'dev.g', eventUuid: b },
      ],
    ]);
  });

  it('reads uuids leniently and validates them strictly', () => {
    expect(debeziumEventUuid({ eventUuid: 'x' }, record())).toBe('x');
    expect(debeziumEventUuid('text', record())).toBeUndefined();
    expect(normalizeEventUuid('6F1C2E4A-0B7D-4C3E-9A1B-2C3D4E5F6A7B')).toBe(
      '6f1c2e4a-0b7d-4c3e-9a1b-2c3d4e5f6a7b',
    );
    expect(normalizeEventUuid('6f1c2e4a0b7d4c3e9a1b2c3d4e5f6a7b')).toBeUndefined();
    expect(normalizeEventUuid(42)).toBeUndefined();
  });
});
