import { DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { HeartbeatsRegistry } from '@platform/heartbeats';
import { DataSource } from 'typeorm';
import { KafkaConnectClient } from './kafka-connect.client';
import { outboxSlotName } from './outbox-connector.config';
import { outboxConnectorName } from './register-outbox-connector';
import { replicationSlotLag } from './replication-slot-lag';

export interface OutboxConnectorOptions {
  /** Service name; the connector is `<prefix>.<service>-outbox`. */
  service: string;
  /** Readiness fails above this slot lag. Default 256 MiB. */
  maxSlotLagBytes?: number;
}

const OPTIONS = Symbol('OUTBOX_CONNECTOR_OPTIONS');

/**
 * For the core app: readiness checks of the outbox connector (it and its task RUNNING) and of
 * its replication slot's lag. It does not register the connector: that changes shared state, so
 * it is an operational step (`nx run my-service:register-connector`, the chart's Job, and
 * `npm run start:local` in dev), never a side effect of booting an app.
 */
@Module({})
export class OutboxConnectorModule implements OnModuleInit {
  constructor(
    @Inject(OPTIONS) private readonly options: OutboxConnectorOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heartbeats: HeartbeatsRegistry,
    private readonly dataSource: DataSource,
  ) {}

  static forRoot(options: OutboxConnectorOptions): DynamicModule {
    return { module: OutboxConnectorModule, providers: [{ provide: OPTIONS, useValue: options }] };
  }

  onModuleInit(): void {
    const name = outboxConnectorName(this.config.kafka.prefix, this.options.service);
    const client = new KafkaConnectClient(this.config.kafka.connectUrl);
    this.heartbeats.registerReadinessCheck('outbox-connector', async () => {
      const status = await client.status(name);
      if (!status) return { healthy: false, reason: `connector ${name} is not registered` };
      const states = [status.connector.state, ...status.tasks.map((t) => t.state)];
      if (status.tasks.length === 0 || states.some((s) => s !== 'RUNNING')) {
        return {
          healthy: false,
          reason: `connector ${name}: ${status.connector.state}, tasks ${JSON.stringify(status.tasks.map((t) => t.state))}`,
        };
      }
      return { healthy: true };
    });
    const slot = outboxSlotName(name);
    const maxLag = this.options.maxSlotLagBytes ?? 256 * 1024 * 1024;
    this.heartbeats.registerReadinessCheck('replication-slot-lag', async () => {
      const lag = await replicationSlotLag(this.dataSource, slot);
      if (!lag) return { healthy: false, reason: `replication slot ${slot} does not exist` };
      if (lag.lagBytes > maxLag)
        return { healthy: false, reason: `slot ${slot} lags ${lag.lagBytes} bytes (max ${maxLag})` };
      return { healthy: true, details: { lagBytes: lag.lagBytes, active: lag.active } };
    });
  }
}
