import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** @OnKafkaEvent / @OnKafkaMessage on a class without @KafkaConsumer: no group, no topics, nothing would run it. */
export class HandlerOutsideConsumerError extends KafkaesqueConfigurationError {
  constructor(handler: string) {
    super(`${handler} is a Kafka handler, but its class has no @KafkaConsumer decorator`);
    this.name = 'HandlerOutsideConsumerError';
  }
}
