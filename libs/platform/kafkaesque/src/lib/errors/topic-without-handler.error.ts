import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** A declared topic no method handles: its messages would be consumed and dropped. */
export class TopicWithoutHandlerError extends KafkaesqueConfigurationError {
  constructor(consumer: string, topic: string) {
    super(
      `${consumer} subscribes to topic "${topic}" but no method handles it; add @OnKafkaEvent or @OnKafkaMessage`,
    );
    this.name = 'TopicWithoutHandlerError';
  }
}
