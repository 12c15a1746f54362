import type { MessageBatch, MessageContext } from '@platform/kafkaesque';

/** One event as seen by one consumer group: the unit of idempotency. */
export interface InboxEntry {
  /** The group's Kafka name, `<prefix>.<groupId>`. */
  readonly consumerGroup: string;
  /** Lower-case uuid. */
  readonly eventUuid: string;
}

/** `processed`: the handler ran and succeeded; `duplicate`: the event was already done, the handler did not run. */
export type InboxRunResult = 'processed' | 'duplicate';

/**
 * Where the inbox lives. The contract every strategy keeps (and the contract tests check):
 * the handler of an entry already done is not run; an entry is marked done only after its
 * handler succeeded; two deliveries of one entry never run the handler at the same time; a
 * handler failure leaves the entry free for the retry; a store failure is thrown (retriable),
 * never taken as "done".
 */
export interface InboxStrategy {
  /** For events and logs: `redis`, `postgres`... */
  readonly name: string;
  run(entry: InboxEntry, context: MessageContext, handler: () => Promise<void>): Promise<InboxRunResult>;
  /** Batch start, with the entries of the batch's decoded messages: a chance to look them all up at once. */
  prefetch?(batch: MessageBatch, entries: readonly InboxEntry[]): Promise<void>;
  /** Before the batch's offsets are committed: write what was deferred. A throw keeps the batch uncommitted. */
  flush?(batch: MessageBatch): Promise<void>;
}
