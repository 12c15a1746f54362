import type { MessageBatch } from './message-batch.interface';
import type { RawRecord } from './raw-record.interface';

/** What a plugin or handler knows about the message it is given, besides the decoded value. */
export interface MessageContext {
  /** The consumer group as declared, without prefix. */
  readonly groupId: string;
  /** The group's name in Kafka, `<prefix>.<groupId>`. */
  readonly kafkaGroupId: string;
  /** The topic as declared, without prefix. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The decoder's event type for this message, when its decoder has event types. */
  readonly eventType: string | undefined;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
  /** 1 + the consumer's `retries`. */
  readonly maxAttempts: number;
  /** The record as it arrived: key, value bytes, headers, Kafka topic. */
  readonly record: RawRecord;
  /** Aborted when the consumer stops or loses the partition: long work may give up (the message is then redelivered). */
  readonly signal: AbortSignal;
  /** The batch the message was fetched in (the same object for all its messages); undefined for a single harness push. */
  readonly batch?: MessageBatch;
}
