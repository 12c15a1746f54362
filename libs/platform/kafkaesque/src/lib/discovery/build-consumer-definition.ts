import type { Type } from '@nestjs/common';
import type { KafkaHandlerMetadata } from '../decorators/on-kafka-message.decorator';
import { DuplicateHandlerError } from '../errors/duplicate-handler.error';
import { EventTypesUnsupportedError } from '../errors/event-types-unsupported.error';
import { InvalidConsumerOptionsError } from '../errors/invalid-consumer-options.error';
import { MissingDeadLetterChoiceError } from '../errors/missing-dead-letter-choice.error';
import { MissingDecoderError } from '../errors/missing-decoder.error';
import { TopicWithoutHandlerError } from '../errors/topic-without-handler.error';
import { UndeclaredTopicError } from '../errors/undeclared-topic.error';
import { UnknownEventTypeError } from '../errors/unknown-event-type.error';
import { UnresolvedPluginError } from '../errors/unresolved-plugin.error';
import type { ConsumerTuning, KafkaConsumerOptions } from '../interfaces/consumer-options.interface';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessagePlugin } from '../interfaces/message-plugin.interface';
import { defaultDeadLetterTopic, withPrefix } from '../topic-names';
import type { ConsumerDefinition, HandlerBinding, ResolvedTuning, TopicRoute } from './consumer-definition';

/** One decorated method as found on a consumer instance. */
export interface DiscoveredHandler {
  readonly methodName: string;
  readonly metadata: readonly KafkaHandlerMetadata[];
  readonly invoke: (message: unknown, context: MessageContext) => Promise<unknown>;
}

export interface DiscoveredConsumer {
  /** The class name. */
  readonly consumer: string;
  readonly options: KafkaConsumerOptions;
  readonly handlers: readonly DiscoveredHandler[];
}

export const DEFAULT_TUNING: ResolvedTuning = {
  startFrom: 'earliest',
  partitionsConsumedConcurrently: 1,
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  maxBytesPerPartition: 1_048_576,
  maxWaitTimeMs: 5_000,
};

/**
 * Validates a discovered consumer and turns it into routes by Kafka topic. Every
 * misconfiguration is a typed error naming the class, method, topic or event type at fault.
 */
export function buildConsumerDefinition(
  discovered: DiscoveredConsumer,
  prefix: string,
  defaults: ConsumerTuning = {},
  /** Finds the instance of a plugin given as a class (the app's providers); undefined when there is none. */
  resolvePlugin: (type: Type<MessagePlugin>) => MessagePlugin | undefined = () => undefined,
): ConsumerDefinition {
  const { consumer, options } = discovered;
  const tuning: ResolvedTuning = {
    ...DEFAULT_TUNING,
    ...stripUndefined(defaults),
    ...stripUndefined(pickTuning(options)),
  };
  const initialBackoffMs = options.initialBackoffMs ?? 100;
  const resolved = {
    retries: options.retries ?? 0,
    initialBackoffMs,
    maxBackoffMs: options.maxBackoffMs ?? Math.max(30_000, initialBackoffMs),
    commitStrategy: options.commitStrategy ?? 'sync',
  };
  validateOptions(consumer, options, resolved, tuning);

  const topics = Object.keys(options.topics);
  const builders = new Map<string, { handlers: Map<string, HandlerBinding>; fallback?: HandlerBinding }>();
  for (const topic of topics) {
    const config = options.topics[topic];
    if (!config.decoder) throw new MissingDecoderError(consumer, topic);
    if (config.deadLetter === undefined) throw new MissingDeadLetterChoiceError(consumer, topic);
    builders.set(topic, { handlers: new Map() });
  }

  for (const handler of discovered.handlers) {
    const binding: HandlerBinding = { name: `${consumer}.${handler.methodName}`, invoke: handler.invoke };
    for (const { topic, eventType } of handler.metadata) {
      const builder = builders.get(topic);
      if (!builder) throw new UndeclaredTopicError(binding.name, topic, options.groupId, topics);
      if (eventType === undefined) {
        if (builder.fallback)
          throw new DuplicateHandlerError(
            options.groupId,
            topic,
            undefined,
            builder.fallback.name,
            binding.name,
          );
        builder.fallback = binding;
        continue;
      }
      const decoder = options.topics[topic].decoder;
      if (!decoder.eventTypeOf) throw new EventTypesUnsupportedError(binding.name, topic, decoder.name);
      if (decoder.eventTypes && !decoder.eventTypes.includes(eventType)) {
        throw new UnknownEventTypeError(binding.name, topic, eventType, decoder.eventTypes);
      }
      const existing = builder.handlers.get(eventType);
      if (existing)
        throw new DuplicateHandlerError(options.groupId, topic, eventType, existing.name, binding.name);
      builder.handlers.set(eventType, binding);
    }
  }

  const routes = new Map<string, TopicRoute>();
  for (const topic of topics) {
    const config = options.topics[topic];
    const builder = builders.get(topic) as {
      handlers: Map<string, HandlerBinding>;
      fallback?: HandlerBinding;
    };
    if (builder.handlers.size === 0 && !builder.fallback) throw new TopicWithoutHandlerError(consumer, topic);
    const kafkaTopic = withPrefix(prefix, topic);
    routes.set(kafkaTopic, {
      topic,
      kafkaTopic,
      decoder: config.decoder,
      plugins: (config.plugins ?? []).map((plugin) => {
        if (typeof plugin !== 'function') return plugin;
        const instance = resolvePlugin(plugin);
        if (!instance) throw new UnresolvedPluginError(consumer, topic, plugin.name);
        return instance;
      }),
      deadLetter: config.deadLetter
        ? {
            kafkaTopic: withPrefix(prefix, config.deadLetter.topic ?? defaultDeadLetterTopic(topic)),
            producer: config.deadLetter.producer,
          }
        : null,
      handlers: builder.handlers,
      fallback: builder.fallback,
    });
  }

  return {
    consumer,
    groupId: options.groupId,
    kafkaGroupId: withPrefix(prefix, options.groupId),
    ...resolved,
    tuning,
    routes,
  };
}

function validateOptions(
  consumer: string,
  options: KafkaConsumerOptions,
  resolved: { retries: number; initialBackoffMs: number; maxBackoffMs: number; commitStrategy: string },
  tuning: ResolvedTuning,
): void {
  const problems: string[] = [];
  if (typeof options.groupId !== 'string' || options.groupId.trim() === '')
    problems.push('groupId must be a non-empty string');
  if (!options.topics || typeof options.topics !== 'object' || Object.keys(options.topics).length === 0) {
    problems.push('topics must name at least one topic');
  } else {
    for (const [topic, config] of Object.entries(options.topics)) {
      if (topic.trim() === '') problems.push('a topic name is empty');
      const dlqTopic = config?.deadLetter?.topic;
      if (dlqTopic !== undefined && (typeof dlqTopic !== 'string' || dlqTopic.trim() === '')) {
        problems.push(`deadLetter.topic of "${topic}" must be a non-empty string`);
      }
    }
  }
  if (!Number.isInteger(resolved.retries) || resolved.retries < 0)
    problems.push(`retries must be an integer >= 0, got ${resolved.retries}`);
  if (!(resolved.initialBackoffMs >= 0))
    problems.push(`initialBackoffMs must be >= 0, got ${resolved.initialBackoffMs}`);
  if (!(resolved.maxBackoffMs >= resolved.initialBackoffMs)) {
    problems.push(
      `maxBackoffMs (${resolved.maxBackoffMs}) must be >= initialBackoffMs (${resolved.initialBackoffMs})`,
    );
  }
  if (resolved.commitStrategy !== 'sync' && resolved.commitStrategy !== 'async') {
    problems.push(`commitStrategy must be "sync" or "async", got "${resolved.commitStrategy}"`);
  }
  if (tuning.startFrom !== 'earliest' && tuning.startFrom !== 'latest')
    problems.push(`startFrom must be "earliest" or "latest"`);
  if (!Number.isInteger(tuning.partitionsConsumedConcurrently) || tuning.partitionsConsumedConcurrently < 1) {
    problems.push('partitionsConsumedConcurrently must be an integer >= 1');
  }
  if (!(tuning.heartbeatIntervalMs < tuning.sessionTimeoutMs))
    problems.push('heartbeatIntervalMs must be below sessionTimeoutMs');
  if (problems.length > 0) throw new InvalidConsumerOptionsError(consumer, problems);
}

function pickTuning(options: ConsumerTuning): ConsumerTuning {
  const {
    startFrom,
    partitionsConsumedConcurrently,
    sessionTimeoutMs,
    heartbeatIntervalMs,
    rebalanceTimeoutMs,
    maxBytesPerPartition,
    maxWaitTimeMs,
  } = options;
  return {
    startFrom,
    partitionsConsumedConcurrently,
    sessionTimeoutMs,
    heartbeatIntervalMs,
    rebalanceTimeoutMs,
    maxBytesPerPartition,
    maxWaitTimeMs,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
