import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** A topic without a decoder: state one, `new RawDecoder()` for the bytes as they are. */
export class MissingDecoderError extends KafkaesqueConfigurationError {
  constructor(consumer: string, topic: string) {
    super(`${consumer}: topic "${topic}" has no decoder; set one (use new RawDecoder() for raw bytes)`);
    this.name = 'MissingDecoderError';
  }
}
