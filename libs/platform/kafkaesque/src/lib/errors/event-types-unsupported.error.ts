import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** @OnKafkaEvent on a topic whose decoder cannot tell event types apart (raw bytes, plain proto). */
export class EventTypesUnsupportedError extends KafkaesqueConfigurationError {
  constructor(handler: string, topic: string, decoder: string) {
    super(
      `${handler} handles an event type of topic "${topic}", but its decoder ${decoder} has no event types; ` +
        'use @OnKafkaMessage, or a decoder that reads the event type',
    );
    this.name = 'EventTypesUnsupportedError';
  }
}
