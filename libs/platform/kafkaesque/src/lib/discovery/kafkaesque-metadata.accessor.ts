import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { KafkaHandlerMetadata } from '../decorators/on-kafka-message.decorator';
import type { KafkaConsumerOptions } from '../interfaces/consumer-options.interface';
import { KAFKA_CONSUMER_METADATA, KAFKA_HANDLER_METADATA } from '../kafkaesque.constants';

/** Reads what the decorators recorded. */
@Injectable()
export class KafkaesqueMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  consumerOptions(target: object): KafkaConsumerOptions | undefined {
    return this.reflector.get<KafkaConsumerOptions | undefined>(
      KAFKA_CONSUMER_METADATA,
      target as () => void,
    );
  }

  handlerMetadata(method: unknown): readonly KafkaHandlerMetadata[] {
    if (typeof method !== 'function') return [];
    return (
      this.reflector.get<KafkaHandlerMetadata[] | undefined>(KAFKA_HANDLER_METADATA, method as () => void) ??
      []
    );
  }
}
