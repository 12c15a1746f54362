import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/**
 * Every topic states what happens to a message that keeps failing: `deadLetter: {}` (the
 * default `<topic>.dlq`), `deadLetter: { topic }`, or `deadLetter: null` (block the partition).
 */
export class MissingDeadLetterChoiceError extends KafkaesqueConfigurationError {
  constructor(consumer: string, topic: string) {
    super(
      `${consumer}: topic "${topic}" does not state its dead-letter choice; ` +
        'set deadLetter to {} (default DLQ topic), { topic: "..." }, or null (failures block the partition)',
    );
    this.name = 'MissingDeadLetterChoiceError';
  }
}
