import { DynamicModule, Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { HeartbeatsRegistry } from '@platform/heartbeats';
import { DataSource } from 'typeorm';
import { outboxSlotName, type OutboxConnectorTuning } from './outbox-connector.config';
import { registerOutboxConnector } from './register-outbox-connector';
import { replicationSlotLag } from './replication-slot-lag';

export interface OutboxConnectorOptions {
  /** Service name; the connector is `<prefix>.<service>-outbox`. */
  service: string;
  tuning?: OutboxConnectorTuning;
  /** Readiness fails above this slot lag. Default 256 MiB. */
  maxSlotLagBytes?: number;
}

const OPTIONS = Symbol('OUTBOX_CONNECTOR_OPTIONS');

/**
 * For the core app: registers the outbox connector with Kafka Connect at boot (idempotent
 * PUT), waits until it runs, and adds readiness checks for the connector and its slot lag.
 * Runs after migrations (onModuleInit), since the publication needs the outbox table.
 */
@Module({})
export class OutboxConnectorModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutboxConnector');

  constructor(
    @Inject(OPTIONS) private readonly options: OutboxConnectorOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heartbeats: HeartbeatsRegistry,
    private readonly dataSource: DataSource,
  ) {}

  static forRoot(options: OutboxConnectorOptions): DynamicModule {
    return { module: OutboxConnectorModule, providers: [{ provide: OPTIONS, useValue: options }] };
  }

  async onApplicationBootstrap(): Promise<void> {
    const { name, client } = await registerOutboxConnector(this.config, this.options.service, this.options.tuning);
    this.logger.log(`connector ${name} RUNNING`);

    this.heartbeats.registerReadinessCheck('outbox-connector', async () => {
      const status = await client.status(name);
      if (!status) return { healthy: false, reason: `connector ${name} is not registered` };
      const states = [status.connector.state, ...status.tasks.map((t) => t.state)];
      if (status.tasks.length === 0 || states.some((s) => s !== 'RUNNING')) {
        return { healthy: false, reason: `connector ${name}: ${status.connector.state}, tasks ${JSON.stringify(status.tasks.map((t) => t.state))}` };
      }
      return { healthy: true };
    });
    const slot = outboxSlotName(name);
    const maxLag = this.options.maxSlotLagBytes ?? 256 * 1024 * 1024;
    this.heartbeats.registerReadinessCheck('replication-slot-lag', async () => {
      const lag = await replicationSlotLag(this.dataSource, slot);
      if (!lag) return { healthy: false, reason: `replication slot ${slot} does not exist` };
      if (lag.lagBytes > maxLag) return { healthy: false, reason: `slot ${slot} lags ${lag.lagBytes} bytes (max ${maxLag})` };
      return { healthy: true, details: { lagBytes: lag.lagBytes, active: lag.active } };
    });
  }
}
