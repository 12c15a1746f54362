import diagnostics_channel from 'node:diagnostics_channel';
import type { RawRecord } from '../interfaces/raw-record.interface';

/**
 * Lifecycle events on `node:diagnostics_channel`, kafkaesque's `:telemetry` events: the
 * framework publishes, a monitor lib subscribes (metrics, logs, spans) without either
 * depending on the other.
 *
 * ```ts
 * diagnostics_channel.subscribe(KAFKAESQUE_CHANNELS.messageDeadLettered, (event) => {
 *   const e = event as MessageFailureEvent; metrics.increment('kafka.dlq', { topic: e.topic });
 * });
 * ```
 *
 * Around each message (decode, plugins, handler, retries, dead-lettering) the tracing
 * channel `kafkaesque:message` (`tracing:kafkaesque:message:start`...) publishes `start`/`end`/`asyncStart`/`asyncEnd`/`error` with a
 * {@link MessageTraceContext}; `tracingChannel('kafkaesque:message').start.bindStore(als, ...)`
 * makes a span the active one while the handler runs.
 */
export const KAFKAESQUE_CHANNELS = {
  /** The decoder read the record; its handler is picked next. {@link MessageEvent} */
  messageDecoded: 'kafkaesque:message:decoded',
  /** A handler (or a short-circuiting plugin) finished without error. {@link MessageHandledEvent} */
  messageHandled: 'kafkaesque:message:handled',
  /** Decoded, but no handler takes its event type: committed without work. {@link MessageEvent} */
  messageSkipped: 'kafkaesque:message:skipped',
  /** An attempt failed with a retriable error; another follows after `delayMs`. {@link MessageRetriedEvent} */
  messageRetried: 'kafkaesque:message:retried',
  /** The decoder rejected the record (never retried). {@link MessageFailureEvent} */
  messageDecodeFailed: 'kafkaesque:message:decode-failed',
  /** Out of attempts (or non-retriable), written to the dead-letter topic, committed. {@link MessageFailureEvent} */
  messageDeadLettered: 'kafkaesque:message:dead-lettered',
  /** Out of attempts with no dead-letter topic (or the DLQ refused it): the partition blocks. {@link MessageFailureEvent} */
  messageFailed: 'kafkaesque:message:failed',
  /** Offsets committed for a group. {@link OffsetsCommittedEvent} */
  offsetsCommitted: 'kafkaesque:offsets:committed',
  /** An offset commit failed; the messages will be redelivered. {@link ConsumerEvent} with `error` */
  commitFailed: 'kafkaesque:offsets:commit-failed',
  /** A group joined (or re-joined) with its assignment. {@link ConsumerEvent} */
  consumerJoined: 'kafkaesque:consumer:joined',
  /** A group's Kafka client crashed. {@link ConsumerEvent} with `error` */
  consumerCrashed: 'kafkaesque:consumer:crashed',
  /** A batch of one partition arrived, before its first message runs; carries the consumer lag. {@link BatchFetchedEvent} */
  batchFetched: 'kafkaesque:batch:fetched',
  /** The partition pipeline starts a batch (after its `onBatchStart` hooks). {@link BatchEvent} */
  batchStart: 'kafkaesque:batch:start',
  /** The pipeline ended a batch: records by outcome, blocked or not, settled or not. {@link BatchStopEvent} */
  batchStop: 'kafkaesque:batch:stop',
  /** A batch hook threw (`onBatchStart`: the batch went on; `beforeCommit`: none of it settles). {@link BatchExceptionEvent} */
  batchException: 'kafkaesque:batch:exception',
  /** KafkaesqueProducer wrote records (`send`, `sendToKafkaTopic`: tools, replays), or failed to. {@link ProduceEvent} */
  produce: 'kafkaesque:produce',
  /** A dead letter written (KafkaesqueProducer's `forward`), or the write failed. {@link ProduceEvent} */
  deadLetterProduce: 'kafkaesque:dead-letter:produce',
} as const;

export const KAFKAESQUE_MESSAGE_TRACING_CHANNEL = 'kafkaesque:message';

/** Identifies one record in every message event. */
export interface MessageEvent {
  readonly groupId: string;
  readonly kafkaGroupId: string;
  /** Topic without prefix. */
  readonly topic: string;
  readonly kafkaTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventType: string | undefined;
  /** From the start of decoding to the event. */
  readonly durationMs: number;
}

export interface MessageHandledEvent extends MessageEvent {
  readonly attempts: number;
  /** False when a plugin short-circuited before the handler. */
  readonly handlerInvoked: boolean;
}

export interface MessageRetriedEvent extends MessageEvent {
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export interface MessageFailureEvent extends MessageEvent {
  readonly attempts: number;
  readonly error: unknown;
  readonly deadLetterTopic?: string;
}

export interface ConsumerEvent {
  readonly groupId: string;
  readonly kafkaGroupId: string;
  readonly assignment?: Readonly<Record<string, readonly number[]>>;
  readonly error?: unknown;
}

export interface OffsetsCommittedEvent extends ConsumerEvent {
  readonly offsets: ReadonlyArray<{ topic: string; partition: number; offset: string }>;
}

/** The records of one partition handled together: what every batch event names. */
interface PartitionBatch {
  readonly groupId: string;
  readonly kafkaGroupId: string;
  /** Topic without prefix. */
  readonly topic: string;
  readonly kafkaTopic: string;
  readonly partition: number;
  readonly messages: number;
}

/** One fetched batch (one partition), as kafkajs hands it over. */
export interface BatchFetchedEvent extends PartitionBatch {
  readonly firstOffset: string | null;
  readonly lastOffset: string;
  /** The partition's high watermark: the offset the next produced record will get. */
  readonly highWatermark: string;
  /**
   * Records in the partition after this batch's last one (kafkajs `batch.offsetLag()`): the
   * consumer lag once the batch is processed, 0 when the group has caught up.
   */
  readonly offsetLag: number;
}

/** One batch of one partition as the pipeline runs it. */
export interface BatchEvent extends PartitionBatch {
  readonly firstOffset: string | undefined;
}

export interface BatchStopEvent extends BatchEvent {
  readonly durationMs: number;
  /** Processed records by outcome (`handled`, `skipped`, `dead-lettered`, `failed`, `abandoned`). */
  readonly outcomes: Readonly<Record<string, number>>;
  /** The batch stopped at a record that blocks the partition. */
  readonly blocked: boolean;
  /** Its processed records may be committed (false when a `beforeCommit` refused). */
  readonly settled: boolean;
}

export interface BatchExceptionEvent extends BatchEvent {
  readonly hook: 'onBatchStart' | 'beforeCommit';
  readonly plugin: string;
  readonly error: unknown;
}

/** A write of KafkaesqueProducer. */
export interface ProduceEvent {
  readonly kafkaTopic: string;
  readonly messages: number;
  readonly durationMs: number;
  /** Set when the write failed. */
  readonly error?: unknown;
}

/** The context object of the `kafkaesque:message` tracing channel. */
export interface MessageTraceContext {
  readonly groupId: string;
  readonly kafkaGroupId: string;
  readonly topic: string;
  readonly record: RawRecord;
  /** Set once known: the outcome, e.g. `handled`, `dead-lettered`. */
  outcome?: string;
  result?: unknown;
  error?: unknown;
}

const channels = new Map<string, diagnostics_channel.Channel>();

/** Publishes when someone listens; `build` runs only then, so idle events cost one lookup. */
export function publish<T extends object>(name: string, build: () => T): void {
  let channel = channels.get(name);
  if (!channel) {
    channel = diagnostics_channel.channel(name);
    channels.set(name, channel);
  }
  if (channel.hasSubscribers) channel.publish(build());
}

export const messageTracingChannel = diagnostics_channel.tracingChannel<unknown, MessageTraceContext>(
  KAFKAESQUE_MESSAGE_TRACING_CHANNEL,
);
