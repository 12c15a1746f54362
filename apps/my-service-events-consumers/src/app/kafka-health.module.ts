import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { HeartbeatsRegistry, kafkaBrokersAvailableCheck } from '@platform/heartbeats';
import { Kafka, logLevel, type Admin } from 'kafkajs';

/** Readiness of the brokers this app consumes from; per-consumer-group checks join it as consumers appear. */
@Module({})
export class KafkaHealthModule implements OnModuleInit, OnApplicationShutdown {
  private readonly admin: Admin;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly heartbeats: HeartbeatsRegistry,
  ) {
    const kafka = new Kafka({
      clientId: `${config.app}-health`,
      brokers: config.kafka.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    this.admin = kafka.admin();
  }

  onModuleInit(): void {
    this.heartbeats.registerReadinessCheck(
      'kafka-brokers',
      async () => {
        // connect() is a no-op once connected, and reconnects after the broker came back.
        await this.admin.connect();
        return kafkaBrokersAvailableCheck(this.admin)();
      },
      { timeoutMs: 2000 },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
