import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** A decoder built with a schema that does not fit it (no such oneof, several candidates). */
export class InvalidDecoderOptionsError extends KafkaesqueConfigurationError {
  constructor(decoder: string, problem: string) {
    super(`${decoder}: ${problem}`);
    this.name = 'InvalidDecoderOptionsError';
  }
}
