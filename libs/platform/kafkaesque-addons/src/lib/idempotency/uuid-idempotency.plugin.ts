import {
  publish,
  type MessageBatch,
  type MessageContext,
  type MessagePlugin,
  type NextFn,
  type RawRecord,
} from '@platform/kafkaesque';
import { InboxClaimHeldError } from '../errors/inbox-claim-held.error';
import { MissingEventUuidError } from '../errors/missing-event-uuid.error';
import { KAFKAESQUE_ADDONS_CHANNELS, type InboxEvent } from '../events/kafkaesque-addons.channels';
import { debeziumEventUuid, normalizeEventUuid, type EventUuidOf } from './event-uuid';
import type { InboxEntry, InboxStrategy } from './inbox-strategy.interface';

export interface UUIDIdempotencyOptions<T = unknown> {
  /** Where the event uuid is. Default: `eventUuid` of a DebeziumEvent; `uuidFromHeader('id')` for the header. */
  readonly uuidOf?: EventUuidOf<T>;
}

/**
 * kafkaesque_addons' UUIDIdempotencyPlugin: runs the handler at most once per event uuid and
 * consumer group, whatever the redeliveries, with the inbox of its strategy (Redis or Postgres).
 * A message without a valid uuid is a MissingEventUuidError (not retried: dead-lettered).
 * Duplicates skipped are published on `kafkaesque-addons:duplicate-skipped`.
 *
 * ```ts
 * plugins: [new UUIDIdempotencyPlugin(new RedisInboxStrategy(redis))]
 * plugins: [RedisIdempotencyPlugin] // the same, from RedisInboxModule's providers
 * ```
 */
export class UUIDIdempotencyPlugin<T = unknown> implements MessagePlugin<T> {
  readonly name: string;
  private readonly uuidOf: EventUuidOf<T>;

  constructor(
    readonly strategy: InboxStrategy,
    options: UUIDIdempotencyOptions<T> = {},
  ) {
    this.uuidOf = options.uuidOf ?? (debeziumEventUuid as EventUuidOf<T>);
    this.name = `UUIDIdempotencyPlugin(${strategy.name})`;
  }

  async handle(message: T, context: MessageContext, next: NextFn<T>): Promise<void> {
    const found = this.uuidOf(message, context.record);
    const eventUuid = normalizeEventUuid(found);
    if (!eventUuid) {
      throw new MissingEventUuidError(
        `${context.record.topic}[${context.partition}] offset ${context.offset}`,
        found,
      );
    }
    const event = (): InboxEvent => ({
      groupId: context.groupId,
      kafkaGroupId: context.kafkaGroupId,
      topic: context.topic,
      partition: context.partition,
      offset: context.offset,
      eventType: context.eventType,
      eventUuid,
      strategy: this.strategy.name,
    });
    try {
      const result = await this.strategy.run(
        { consumerGroup: context.kafkaGroupId, eventUuid },
        context,
        () => next(),
      );
      if (result === 'duplicate') publish(KAFKAESQUE_ADDONS_CHANNELS.duplicateSkipped, event);
    } catch (error) {
      if (error instanceof InboxClaimHeldError) publish(KAFKAESQUE_ADDONS_CHANNELS.claimHeld, event);
      throw error;
    }
  }

  async onBatchStart(batch: MessageBatch<T>): Promise<void> {
    if (!this.strategy.prefetch) return;
    const entries: InboxEntry[] = [];
    for (const message of batch.messages) {
      if (message.decodeFailed) continue;
      const eventUuid = this.safeUuidOf(message.decoded as T, message.record);
      if (eventUuid) entries.push({ consumerGroup: batch.kafkaGroupId, eventUuid });
    }
    await this.strategy.prefetch(batch, entries);
  }

  async beforeCommit(batch: MessageBatch<T>): Promise<void> {
    await this.strategy.flush?.(batch);
  }

  /** In a batch's look-ahead a bad message is only left out: `handle` reports it. */
  private safeUuidOf(message: T, record: RawRecord): string | undefined {
    try {
      return normalizeEventUuid(this.uuidOf(message, record));
    } catch {
      return undefined;
    }
  }
}
