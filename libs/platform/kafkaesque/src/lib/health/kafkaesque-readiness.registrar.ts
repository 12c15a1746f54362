import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { HeartbeatsRegistry } from '@platform/heartbeats';
import { KafkaesqueCatalog } from '../discovery/kafkaesque-catalog';
import { KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from '../kafkaesque.options';
import { registerKafkaConsumerReadinessCheck } from './kafka-consumer-readiness.check';
import { KafkaesqueHealth } from './kafkaesque-health';

/**
 * A `kafka-consumer:<group>` readiness check per consumer group, when HeartbeatsModule (global)
 * is loaded and `readinessChecks` is not `false`.
 */
@Injectable()
export class KafkaesqueReadinessRegistrar implements OnModuleInit {
  private readonly logger = new Logger('Kafkaesque');

  constructor(
    private readonly catalog: KafkaesqueCatalog,
    private readonly health: KafkaesqueHealth,
    @Inject(KAFKAESQUE_OPTIONS) private readonly options: KafkaesqueModuleOptions,
    @Optional() private readonly registry?: HeartbeatsRegistry,
  ) {}

  onModuleInit(): void {
    const definitions = this.catalog.list();
    if (this.options.readinessChecks === false || definitions.length === 0) return;
    if (!this.registry) {
      this.logger.warn('HeartbeatsModule is not loaded: no kafka-consumer readiness checks registered');
      return;
    }
    for (const definition of definitions)
      registerKafkaConsumerReadinessCheck(
        this.registry,
        this.health,
        definition.groupId,
        this.options.readinessChecks ?? {},
      );
  }
}
