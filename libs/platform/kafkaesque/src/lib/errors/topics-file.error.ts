import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** A topics file (config/kafka-topics.yaml) that cannot be read or declares something unusable; every problem listed. */
export class TopicsFileError extends KafkaesqueConfigurationError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'TopicsFileError';
  }
}
