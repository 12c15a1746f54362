import type { Type } from '@nestjs/common';
import type { KafkaConnectionConfig } from '@platform/config';
import type { KafkaConfig } from 'kafkajs';
import type { ConsumerTuning } from './interfaces/consumer-options.interface';
import type { MessagePlugin } from './interfaces/message-plugin.interface';

export interface KafkaesqueReadinessOptions {
  /** How long a group must have been joined before its check turns healthy. Default 5000 ms. */
  readonly warmupMs?: number;
  /** The check's own timeout in HeartbeatsRegistry. */
  readonly timeoutMs?: number;
}

export interface KafkaesqueModuleOptions {
  /**
   * Brokers, TLS and SASL: an app passes `config.kafka` (`AppConfig` of `@platform/config`),
   * a test `{ brokers: [...] }` for the local plaintext broker.
   */
  readonly connection: KafkaConnectionConfig;
  /** Prepended as `<prefix>.<name>` to every topic and consumer group, like kafkaesque's `kafka_prefix`. */
  readonly prefix: string;
  readonly clientId: string;
  /** Client tuning for kafkajs (timeouts, retry); the connection comes from `connection`. */
  readonly kafka?: Omit<KafkaConfig, 'brokers' | 'ssl' | 'sasl' | 'clientId' | 'logCreator' | 'logLevel'>;
  /** kafkajs log level, routed to Nest's Logger. Default `warn`. */
  readonly logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  /** Start consuming when the app boots. Default true; the test harness sets false. */
  readonly autoStart?: boolean;
  /**
   * `false` (an app's `CONSUME_EVENTS=false`): no group joins; each reads `paused` with the
   * reason `CONSUMING_OFF`, which its readiness check counts as healthy. For running an
   * app against a shared environment without taking its messages. Default true.
   */
  readonly consumeEvents?: boolean;
  /**
   * Registers a `kafka-consumer:<group>` readiness check per consumer group with
   * HeartbeatsRegistry when HeartbeatsModule is loaded. Default on; `false` turns it off.
   */
  readonly readinessChecks?: KafkaesqueReadinessOptions | false;
  /**
   * Local use and tests: create a group's missing source and dead-letter topics before it
   * subscribes (the broker's auto-creation does not serve consumers). Leave unset in production:
   * there a group whose dead-letter topics do not exist does not start, its readiness check
   * naming them, and retries until they are provisioned.
   */
  readonly createMissingTopics?: { readonly numPartitions: number };
  /**
   * Turn the framework's lifecycle events (node:diagnostics_channel) into metrics through
   * `@platform/monitor`'s METRICS (MonitorModule): messages consumed, retried, dead-lettered,
   * failed, handler duration, consumer lag; see `KAFKA_METRICS`. Off by default.
   */
  readonly metrics?: boolean;
  /** Client tuning for every group, under each @KafkaConsumer's own. */
  readonly consumerDefaults?: ConsumerTuning;
  /**
   * Plugins for every topic of every consumer, run before the topic's own plugins (outermost):
   * cross-cutting concerns an app enables once, e.g. `new KafkaTracingPlugin()` (tracing on
   * `@platform/monitor`). Instances or injectable classes, like a topic's `plugins`.
   */
  readonly plugins?: readonly (MessagePlugin | Type<MessagePlugin>)[];
}

// forRootAsync's options type and the options' DI token come from ConfigurableModuleBuilder.
export { KAFKAESQUE_OPTIONS, type KafkaesqueModuleAsyncOptions } from './kafkaesque.module-definition';
/** DI token of the module's kafkajs `Kafka` client (admin, tools). */
export const KAFKAESQUE_KAFKA = Symbol('KAFKAESQUE_KAFKA');
