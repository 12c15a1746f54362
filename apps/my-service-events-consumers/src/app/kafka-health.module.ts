import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, describeKafkaError, type AppConfig } from '@platform/config';
import { HeartbeatsRegistry, kafkaBrokersAvailableCheck } from '@platform/heartbeats';
import { createKafkaClient } from '@platform/kafkaesque';
import type { Admin } from 'kafkajs';

/** Readiness of the brokers this app consumes from; per-consumer-group checks join it as consumers appear. */
@Module({})
export class KafkaHealthModule implements OnModuleInit, OnApplicationShutdown {
  private readonly admin: Admin;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heartbeats: HeartbeatsRegistry,
  ) {
    // The same connection as the consumers (TLS, SASL), so the check fails for the same reasons.
    this.admin = createKafkaClient({
      connection: config.kafka,
      clientId: `${config.app}-health`,
      logLevel: 'nothing',
      kafka: { retry: { retries: 0 } },
    }).admin();
  }

  onModuleInit(): void {
    const available = kafkaBrokersAvailableCheck(this.admin);
    this.heartbeats.registerReadinessCheck(
      'kafka-brokers',
      async () => {
        try {
          // connect() is a no-op once connected, and reconnects after the broker came back.
          await this.admin.connect();
          return await available();
        } catch (error) {
          // Which brokers, protocol and SASL mechanism: kafkajs' own message names none of them.
          return { healthy: false, reason: describeKafkaError(this.config.kafka, error) };
        }
      },
      { timeoutMs: 2000 },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
