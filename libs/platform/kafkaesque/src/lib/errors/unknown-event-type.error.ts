import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** A handler for an event its topic's decoder says the topic never carries (usually a typo). */
export class UnknownEventTypeError extends KafkaesqueConfigurationError {
  constructor(handler: string, topic: string, eventType: string, known: readonly string[]) {
    super(
      `${handler} handles event "${eventType}" of topic "${topic}", whose decoder knows only: ${known.join(', ')}`,
    );
    this.name = 'UnknownEventTypeError';
  }
}
