import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** Two consumer classes (or one class provided twice) with the same group would split its partitions between them. */
export class DuplicateConsumerGroupError extends KafkaesqueConfigurationError {
  constructor(groupId: string, first: string, second: string) {
    super(
      `Consumer group "${groupId}" is declared by both ${first} and ${second}; a group belongs to one consumer class`,
    );
    this.name = 'DuplicateConsumerGroupError';
  }
}
