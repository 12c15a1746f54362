import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** A handler for a topic that its class's @KafkaConsumer does not list: nothing would subscribe to it. */
export class UndeclaredTopicError extends KafkaesqueConfigurationError {
  constructor(handler: string, topic: string, groupId: string, declared: readonly string[]) {
    super(
      `${handler} handles topic "${topic}", which @KafkaConsumer({ groupId: "${groupId}" }) does not declare ` +
        `(declared: ${declared.join(', ') || 'none'})`,
    );
    this.name = 'UndeclaredTopicError';
  }
}
