import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeKafkaError } from '@platform/config';
import type { Kafka } from 'kafkajs';
import type { ConsumerDefinition } from '../discovery/consumer-definition';
import { KafkaesqueHealth } from '../health/kafkaesque-health';
import { KAFKAESQUE_KAFKA, KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from '../kafkaesque.options';
import type { ProcessingOutcome } from '../processing/process-record';
import { KafkaesqueProducer } from '../producer/kafkaesque.producer';
import { ConsumerRunner } from './consumer-runner';

/** Builds the runner of one consumer group with the module's client, producer, health and options. */
@Injectable()
export class ConsumerRunnerFactory {
  private readonly logger = new Logger('Kafkaesque');

  constructor(
    private readonly health: KafkaesqueHealth,
    private readonly producer: KafkaesqueProducer,
    @Inject(KAFKAESQUE_KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKAESQUE_OPTIONS) private readonly options: KafkaesqueModuleOptions,
  ) {}

  create(definition: ConsumerDefinition, onOutcome?: (outcome: ProcessingOutcome) => void): ConsumerRunner {
    return new ConsumerRunner(definition, {
      kafka: this.kafka,
      producer: this.producer,
      health: this.health,
      logger: this.logger,
      createMissingTopics: this.options.createMissingTopics,
      // Client errors in health and logs name the brokers, the protocol and the SASL mechanism.
      describeError: (error) => describeKafkaError(this.options.connection, error),
      onOutcome,
    });
  }
}
