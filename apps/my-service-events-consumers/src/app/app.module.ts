import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { AddOnsModule, DatabaseModule } from '@my-service/domain';
import { APP_CONFIG, ConfigModule, featureFlagsConfig, type AppConfig } from '@platform/config';
import { ConsumerKillSwitchModule, FeatureFlagsModule } from '@platform/feature-flags';
import { HeartbeatsModule } from '@platform/heartbeats';
import { KafkaesqueModule, KafkaTracingPlugin } from '@platform/kafkaesque';
import { PostgresInboxModule, RedisInboxModule } from '@platform/kafkaesque-addons';
import { MonitorModule } from '@platform/monitor';
import { AddOnEventsConsumer } from './consumers/add-on-events.consumer';
import { ProviderEventsConsumer } from './consumers/provider-events.consumer';
import { KafkaHealthModule } from './kafka-health.module';
import { REDIS, RedisModule } from './redis.module';

/**
 * Kafka consumers of the service: our own add-on events (audit log) and the providers
 * service's events. Each consumer group registers its readiness check (`kafka-consumer:<group>`)
 * and has a kill switch: flag `kill-switch.<group>` in Unleash pauses it while on.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ app: 'my-service-events-consumers' }),
    MonitorModule.forRoot({ service: 'my-service-events-consumers' }),
    HeartbeatsModule.forRoot(),
    DatabaseModule.forRoot(),
    RedisModule,
    AddOnsModule,
    KafkaesqueModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Brokers, TLS and SASL as configured (`@platform/config`'s Kafka connection).
        connection: config.kafka,
        prefix: config.kafka.prefix,
        clientId: config.app,
        consumeEvents: config.kafka.consumeEvents,
        // Topics are provisioned in deployed environments; locally the consumers create them.
        createMissingTopics: config.env === 'prod' ? undefined : { numPartitions: 3 },
        // Every handler runs in a span continuing the event's trace (trace_context header),
        // and its log lines carry the group, topic, partition, offset and event uuid.
        plugins: [new KafkaTracingPlugin()],
        // Through MonitorModule's METRICS: messages consumed/retried/dead-lettered/failed, handler duration, lag.
        metrics: true,
      }),
    }),
    // The inboxes of the idempotency plugins: Redis on the app's client, Postgres in our DataSource.
    RedisInboxModule.forRootAsync({ inject: [REDIS], useFactory: (redis: Redis) => ({ redis }) }),
    PostgresInboxModule.forRoot(),
    KafkaHealthModule,
    FeatureFlagsModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => featureFlagsConfig(config),
    }),
    ConsumerKillSwitchModule,
  ],
  providers: [AddOnEventsConsumer, ProviderEventsConsumer],
})
export class AppModule {}
