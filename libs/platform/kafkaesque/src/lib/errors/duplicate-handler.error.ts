import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** Two methods claim the same messages of a consumer: which one should run would be a guess. */
export class DuplicateHandlerError extends KafkaesqueConfigurationError {
  constructor(groupId: string, topic: string, eventType: string | undefined, first: string, second: string) {
    const what =
      eventType === undefined
        ? `every message of topic "${topic}"`
        : `event "${eventType}" of topic "${topic}"`;
    super(
      `Consumer group "${groupId}": ${first} and ${second} both handle ${what}; keep one handler per event`,
    );
    this.name = 'DuplicateHandlerError';
  }
}
