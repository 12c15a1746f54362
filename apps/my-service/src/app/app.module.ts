import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { MonitorModule } from '@platform/monitor';
import { OutboxConnectorModule } from '@platform/outbox';
import { OutboxAgeReporter } from './outbox-age.reporter';

/**
 * Core runtime of the service: owns the database schema (runs migrations at boot) and the
 * outbox connector (registers it with Kafka Connect once the outbox table exists), and
 * reports the age of the oldest outbox row (`outbox.oldest_event_age_seconds`).
 */
@Module({
  imports: [
    ConfigModule.forRoot({ app: 'my-service' }),
    MonitorModule.forRoot({ service: 'my-service' }),
    HeartbeatsModule.forRoot(),
    DatabaseModule.forRoot({ runMigrations: true }),
    OutboxConnectorModule.forRoot({ service: 'my-service' }),
  ],
  providers: [OutboxAgeReporter],
})
export class AppModule {}
