import { KafkaesqueConfigurationError } from './kafkaesque-configuration.error';

/**
 * A consumer class must be a singleton: a request-scoped or transient provider (or one that
 * depends on one) has no instance at boot to receive messages.
 */
export class ScopedConsumerError extends KafkaesqueConfigurationError {
  constructor(consumer: string) {
    super(
      `${consumer} is request-scoped or transient (or depends on such a provider); ` +
        'Kafka consumers must be singletons: inject ModuleRef and resolve scoped providers per message instead',
    );
    this.name = 'ScopedConsumerError';
  }
}
