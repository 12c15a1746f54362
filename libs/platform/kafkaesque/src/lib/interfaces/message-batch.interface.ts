import type { RawRecord } from './raw-record.interface';

/** One record of a fetched batch, decoded once before processing starts. */
export interface BatchMessage<T = unknown> {
  readonly record: RawRecord;
  /** What the decoder made of the record; `undefined` when it rejected it. */
  readonly decoded: T | undefined;
  /** The decoder rejected the record: it will be processed as a DecodeError (dead-lettered or blocking). */
  readonly decodeFailed: boolean;
}

/**
 * The records of one partition fetched together, as the batch hooks of plugins
 * (`onBatchStart`, `beforeCommit`) see them. The same object is `context.batch` for every
 * message of the batch, so a plugin may key per-batch state on it (a `WeakMap`).
 */
export interface MessageBatch<T = unknown> {
  /** The consumer group as declared, without prefix. */
  readonly groupId: string;
  /** The group's name in Kafka, `<prefix>.<groupId>`. */
  readonly kafkaGroupId: string;
  /** The topic as declared, without prefix. */
  readonly topic: string;
  readonly kafkaTopic: string;
  readonly partition: number;
  /** In offset order. Processing may stop before the last one (stop, rebalance, a blocking failure). */
  readonly messages: readonly BatchMessage<T>[];
  /** Aborted when the consumer stops or loses the partition. */
  readonly signal: AbortSignal;
}
