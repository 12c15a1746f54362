import { SetMetadata } from '@nestjs/common';
import type { KafkaConsumerOptions } from '../interfaces/consumer-options.interface';
import { KAFKA_CONSUMER_METADATA } from '../kafkaesque.constants';

/**
 * Makes a provider a Kafka consumer: its group, the topics it reads (each with decoder,
 * plugins and dead-letter choice), retries and commit strategy. Its methods decorated with
 * `@OnKafkaEvent` / `@OnKafkaMessage` receive the decoded messages. Checked at boot.
 *
 * ```ts
 * @KafkaConsumer({
 *   groupId: 'my_service.add_on_events',
 *   topics: { 'add-ons.add-on-events-v1': { decoder: new DebeziumProtoDecoder(EnvelopeSchema), deadLetter: {} } },
 *   retries: 2,
 * })
 * @Injectable()
 * export class AddOnEventsConsumer { ... }
 * ```
 */
export const KafkaConsumer = (options: KafkaConsumerOptions): ClassDecorator =>
  SetMetadata(KAFKA_CONSUMER_METADATA, options);
