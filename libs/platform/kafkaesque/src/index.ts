// Module, decorators and options
export * from './lib/kafkaesque.module';
export * from './lib/kafkaesque.options';
export { KAFKAESQUE_CONTEXT_TYPE } from './lib/kafkaesque.constants';
export * from './lib/decorators/kafka-consumer.decorator';
export * from './lib/decorators/on-kafka-message.decorator';
export * from './lib/interfaces/consumer-options.interface';
export * from './lib/interfaces/dead-letter.interface';
export * from './lib/interfaces/message-batch.interface';
export * from './lib/interfaces/message-context.interface';
export * from './lib/interfaces/message-decoder.interface';
export * from './lib/interfaces/message-plugin.interface';
export * from './lib/interfaces/raw-record.interface';
export { withPrefix, withoutPrefix, defaultDeadLetterTopic } from './lib/topic-names';

// Decoders
export * from './lib/decoders/command.decoder';
export * from './lib/decoders/debezium-proto.decoder';
export * from './lib/decoders/debezium-table.decoder';
export * from './lib/decoders/debezium-timestamp';
export * from './lib/decoders/json.decoder';
export * from './lib/decoders/proto.decoder';
export * from './lib/decoders/raw.decoder';

// Runtime services
export * from './lib/consumer/kafkaesque-consumers.service';
export * from './lib/consumer/one-off-consumer';
export * from './lib/discovery/kafkaesque-catalog';
export type {
  ConsumerDefinition,
  TopicRoute,
  HandlerBinding,
  ResolvedTuning,
} from './lib/discovery/consumer-definition';
export * from './lib/producer/kafkaesque.producer';
export {
  DLQ_HEADERS,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_ERROR_STACK_LENGTH,
} from './lib/processing/dead-letter-headers';
export type { ProcessingOutcome } from './lib/processing/process-record';

// Health and observability
export * from './lib/health/consumer-group-health';
export * from './lib/health/kafkaesque-health';
export * from './lib/health/kafka-consumer-readiness.check';
export * from './lib/events/kafkaesque.channels';
export * from './lib/monitoring/kafka-tracing.plugin';
export * from './lib/monitoring/kafkaesque-metrics';

// Errors
export * from './lib/errors/dead-letter-publish.error';
export * from './lib/errors/decode.error';
export * from './lib/errors/duplicate-consumer-group.error';
export * from './lib/errors/duplicate-handler.error';
export * from './lib/errors/event-types-unsupported.error';
export * from './lib/errors/handler-outside-consumer.error';
export * from './lib/errors/invalid-consumer-options.error';
export * from './lib/errors/invalid-decoder-options.error';
export * from './lib/errors/kafkaesque-configuration.error';
export * from './lib/errors/missing-dead-letter-choice.error';
export * from './lib/errors/missing-dead-letter-topic.error';
export * from './lib/errors/missing-decoder.error';
export * from './lib/errors/next-called-twice.error';
export * from './lib/errors/non-retriable.error';
export * from './lib/errors/scoped-consumer.error';
export * from './lib/errors/topic-without-handler.error';
export * from './lib/errors/undeclared-topic.error';
export * from './lib/errors/unknown-consumer-group.error';
export * from './lib/errors/unknown-event-type.error';
export * from './lib/errors/unresolved-plugin.error';

// Tools
export * from './lib/tools/replay-dead-letters';
export * from './lib/errors/unreplayable-dead-letter.error';

// Declared topics (config/kafka-topics.yaml) and their provisioning
export { createKafkaClient, type KafkaClientOptions } from './lib/kafka-client';
export * from './lib/topics/topic-declarations';
export * from './lib/topics/provision-topics';
export * from './lib/errors/topics-file.error';
