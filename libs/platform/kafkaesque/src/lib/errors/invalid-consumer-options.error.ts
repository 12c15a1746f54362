import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/** @KafkaConsumer options that cannot work (negative retries, no topics...), all listed at once. */
export class InvalidConsumerOptionsError extends KafkaesqueConfigurationError {
  constructor(
    consumer: string,
    readonly problems: readonly string[],
  ) {
    super(`${consumer}: invalid @KafkaConsumer options: ${problems.join('; ')}`);
    this.name = 'InvalidConsumerOptionsError';
  }
}
