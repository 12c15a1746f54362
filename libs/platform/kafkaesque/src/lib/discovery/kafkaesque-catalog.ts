import { Injectable, Logger } from '@nestjs/common';
import { UnknownConsumerGroupError } from '../errors/unknown-consumer-group.error';
import { KafkaesqueHealth } from '../health/kafkaesque-health';
import type { ConsumerDefinition } from './consumer-definition';
import { KafkaesqueExplorer } from './kafkaesque.explorer';

/**
 * The app's consumers, discovered and validated once: on the first call, in the first
 * onModuleInit that asks (Nest orders those hooks by module distance, so another provider's may
 * run before kafkaesque's). A misconfigured consumer throws there and stops the boot.
 */
@Injectable()
export class KafkaesqueCatalog {
  private readonly logger = new Logger('Kafkaesque');
  private definitions: ConsumerDefinition[] | undefined;

  constructor(
    private readonly explorer: KafkaesqueExplorer,
    private readonly health: KafkaesqueHealth,
  ) {}

  /** The validated consumers, one per group. */
  list(): readonly ConsumerDefinition[] {
    if (this.definitions) return this.definitions;
    const definitions = this.explorer.explore();
    for (const definition of definitions) {
      this.health.register(definition.groupId, definition.kafkaGroupId);
      for (const route of definition.routes.values()) {
        for (const [eventType, handler] of route.handlers) {
          this.logger.log(`${handler.name} -> ${definition.kafkaGroupId}::${route.kafkaTopic}::${eventType}`);
        }
        if (route.fallback)
          this.logger.log(`${route.fallback.name} -> ${definition.kafkaGroupId}::${route.kafkaTopic}::*`);
      }
    }
    this.definitions = definitions;
    return definitions;
  }

  definition(groupId: string): ConsumerDefinition {
    const definitions = this.list();
    const found = definitions.find((d) => d.groupId === groupId);
    if (!found)
      throw new UnknownConsumerGroupError(
        groupId,
        definitions.map((d) => d.groupId),
      );
    return found;
  }
}
