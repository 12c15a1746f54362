import type { CommitStrategy } from '../interfaces/consumer-options.interface';
import type { DeadLetterProducer } from '../interfaces/dead-letter.interface';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessageDecoder } from '../interfaces/message-decoder.interface';
import type { MessagePlugin } from '../interfaces/message-plugin.interface';

/** One handler method, wrapped with Nest's guards and interceptors. */
export interface HandlerBinding {
  /** `Class.method`. */
  readonly name: string;
  readonly invoke: (message: unknown, context: MessageContext) => Promise<unknown>;
}

/** Everything needed to process one topic's records for one group. */
export interface TopicRoute {
  /** Without prefix. */
  readonly topic: string;
  readonly kafkaTopic: string;
  readonly decoder: MessageDecoder;
  readonly plugins: readonly MessagePlugin[];
  readonly deadLetter: { readonly kafkaTopic: string; readonly producer?: DeadLetterProducer } | null;
  /** By event type. */
  readonly handlers: ReadonlyMap<string, HandlerBinding>;
  readonly fallback: HandlerBinding | undefined;
}

/** Kafka client settings of a group, defaults applied. */
export interface ResolvedTuning {
  readonly startFrom: 'earliest' | 'latest';
  readonly partitionsConsumedConcurrently: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly maxBytesPerPartition: number;
  readonly maxWaitTimeMs: number;
}

/** A validated @KafkaConsumer class, ready to run. */
export interface ConsumerDefinition {
  /** The class name. */
  readonly consumer: string;
  readonly groupId: string;
  readonly kafkaGroupId: string;
  readonly retries: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly commitStrategy: CommitStrategy;
  readonly tuning: ResolvedTuning;
  /** By Kafka topic (prefixed). */
  readonly routes: ReadonlyMap<string, TopicRoute>;
}
