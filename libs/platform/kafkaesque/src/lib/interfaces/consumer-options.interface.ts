import type { Type } from '@nestjs/common';
import type { DeadLetterConfig } from './dead-letter.interface';
import type { MessageDecoder } from './message-decoder.interface';
import type { MessagePlugin } from './message-plugin.interface';

/**
 * `sync` (default) awaits the offset commit at the end of every batch; `async` sends it
 * without waiting, for throughput, at the price of more redelivered messages after a crash.
 */
export type CommitStrategy = 'sync' | 'async';

/** How one topic's records become handler calls. */
export interface TopicConfig<T = unknown> {
  readonly decoder: MessageDecoder<T>;
  /**
   * Middleware, run in this order around the handler on every attempt. An entry is a plugin
   * instance, or an injectable plugin class resolved from the app's providers at boot (for
   * plugins with dependencies, e.g. a Redis client).
   */
  readonly plugins?: readonly (MessagePlugin<T> | Type<MessagePlugin<T>>)[];
  /** Where failed messages go; `null` states that failures block the partition. Required. */
  readonly deadLetter: DeadLetterConfig | null;
}

/** Kafka client tuning for one consumer group; defaults suit most consumers. */
export interface ConsumerTuning {
  /** Where a group without committed offsets starts. Default `earliest`: nothing published before the first deploy is missed. */
  readonly startFrom?: 'earliest' | 'latest';
  /** Partitions processed in parallel (each one still in order). Default 1. */
  readonly partitionsConsumedConcurrently?: number;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly rebalanceTimeoutMs?: number;
  readonly maxBytesPerPartition?: number;
  readonly maxWaitTimeMs?: number;
}

export interface KafkaConsumerOptions extends ConsumerTuning {
  /** The consumer group, without prefix, e.g. `my_service.add_on_events`. */
  readonly groupId: string;
  /** Topic names without prefix, each with its decoder, plugins and dead-letter choice. */
  readonly topics: Readonly<Record<string, TopicConfig>>;
  /** Extra attempts after a retriable failure. Default 0. */
  readonly retries?: number;
  /** First retry delay; each next one doubles. Default 100 ms. */
  readonly initialBackoffMs?: number;
  /** Cap on a retry delay. Default 30 s (or initialBackoffMs when larger). */
  readonly maxBackoffMs?: number;
  readonly commitStrategy?: CommitStrategy;
}
