import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { METRICS, subscribeToChannel, type MetricTags, type Metrics } from '@platform/monitor';
import {
  KAFKAESQUE_CHANNELS as CHANNELS,
  type BatchFetchedEvent,
  type ConsumerEvent,
  type MessageEvent,
  type MessageFailureEvent,
  type MessageHandledEvent,
} from '../events/kafkaesque.channels';
import { KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from '../kafkaesque.options';

/** The metrics kafkaesque's lifecycle events become (before any `metrics.prefix`). */
export const KAFKA_METRICS = {
  /** Counter: messages handled (including those a plugin short-circuited, e.g. duplicates). */
  consumed: 'kafka.messages.consumed',
  /** Counter: decoded messages no handler takes (committed without work). */
  skipped: 'kafka.messages.skipped',
  /** Counter: failed attempts that are retried after a backoff. */
  retried: 'kafka.messages.retried',
  /** Counter: records the decoder rejected (then dead-lettered, or failed). */
  decodeFailed: 'kafka.messages.decode_failed',
  /** Counter: messages written to the dead-letter topic. */
  deadLettered: 'kafka.messages.dead_lettered',
  /** Counter: messages that failed without a (working) dead-letter topic: the partition blocks. */
  failed: 'kafka.messages.failed',
  /** Histogram, ms: from the start of decoding to the outcome (retries and backoffs included), tagged `outcome`. */
  handlerDuration: 'kafka.handler.duration',
  /** Gauge: records in the partition after the last fetched batch, per group, topic and partition. */
  consumerLag: 'kafka.consumer.lag',
  /** Counter: Kafka client crashes of a group. */
  consumerCrashed: 'kafka.consumer.crashed',
  /** Counter: failed offset commits (those messages will be redelivered). */
  commitFailed: 'kafka.offsets.commit_failed',
} as const;

/**
 * Turns kafkaesque's `node:diagnostics_channel` events into DogStatsD metrics
 * ({@link KAFKA_METRICS}), tagged `consumer_group` and `topic` (the names in Kafka, prefix
 * included, as in logs and dead-letter headers), plus `event_type` on message metrics and
 * `partition` on the lag. Returns the function that stops listening.
 */
export function subscribeKafkaesqueMetrics(
  metrics: Metrics,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  const messageTags = (event: MessageEvent): MetricTags => {
    const tags: MetricTags = { consumer_group: event.kafkaGroupId, topic: event.kafkaTopic };
    if (event.eventType !== undefined) tags['event_type'] = event.eventType;
    return tags;
  };
  const duration = (event: MessageEvent, outcome: string) =>
    metrics.histogram(KAFKA_METRICS.handlerDuration, event.durationMs, { ...messageTags(event), outcome });

  const unsubscribes = [
    subscribeToChannel<MessageHandledEvent>(
      CHANNELS.messageHandled,
      (event) => {
        metrics.increment(KAFKA_METRICS.consumed, 1, messageTags(event));
        duration(event, 'handled');
      },
      onError,
    ),
    subscribeToChannel<MessageEvent>(
      CHANNELS.messageSkipped,
      (event) => metrics.increment(KAFKA_METRICS.skipped, 1, messageTags(event)),
      onError,
    ),
    subscribeToChannel<MessageEvent>(
      CHANNELS.messageRetried,
      (event) => metrics.increment(KAFKA_METRICS.retried, 1, messageTags(event)),
      onError,
    ),
    subscribeToChannel<MessageFailureEvent>(
      CHANNELS.messageDecodeFailed,
      (event) => metrics.increment(KAFKA_METRICS.decodeFailed, 1, messageTags(event)),
      onError,
    ),
    subscribeToChannel<MessageFailureEvent>(
      CHANNELS.messageDeadLettered,
      (event) => {
        metrics.increment(KAFKA_METRICS.deadLettered, 1, messageTags(event));
        duration(event, 'dead_lettered');
      },
      onError,
    ),
    subscribeToChannel<MessageFailureEvent>(
      CHANNELS.messageFailed,
      (event) => {
        metrics.increment(KAFKA_METRICS.failed, 1, messageTags(event));
        duration(event, 'failed');
      },
      onError,
    ),
    subscribeToChannel<BatchFetchedEvent>(
      CHANNELS.batchFetched,
      (event) =>
        metrics.gauge(KAFKA_METRICS.consumerLag, event.offsetLag, {
          consumer_group: event.kafkaGroupId,
          topic: event.kafkaTopic,
          partition: event.partition,
        }),
      onError,
    ),
    subscribeToChannel<ConsumerEvent>(
      CHANNELS.consumerCrashed,
      (event) => metrics.increment(KAFKA_METRICS.consumerCrashed, 1, { consumer_group: event.kafkaGroupId }),
      onError,
    ),
    subscribeToChannel<ConsumerEvent>(
      CHANNELS.commitFailed,
      (event) => metrics.increment(KAFKA_METRICS.commitFailed, 1, { consumer_group: event.kafkaGroupId }),
      onError,
    ),
  ];
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}

/**
 * {@link subscribeKafkaesqueMetrics} as a Nest provider of KafkaesqueModule: with `metrics: true`,
 * listens from module init (before the consumers start at bootstrap) until shutdown, writing
 * to MonitorModule's METRICS.
 */
@Injectable()
export class KafkaesqueMetricsSubscriber implements OnModuleInit, OnApplicationShutdown {
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(KAFKAESQUE_OPTIONS) private readonly options: KafkaesqueModuleOptions,
    @Optional() @Inject(METRICS) private readonly metrics?: Metrics,
  ) {}

  onModuleInit(): void {
    if (!this.options.metrics) return;
    if (!this.metrics) {
      new Logger('Kafkaesque').warn(
        'metrics: true, but MonitorModule (METRICS) is not loaded: no consumer metrics',
      );
      return;
    }
    this.unsubscribe ??= subscribeKafkaesqueMetrics(this.metrics);
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
