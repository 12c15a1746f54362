import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { MonitorModule } from '@platform/monitor';
import { OutboxConnectorModule } from '@platform/outbox';

/**
 * Core runtime of the service: owns the database schema (runs migrations at boot) and the
 * outbox connector (registers it with Kafka Connect once the outbox table exists).
 */
@Module({
  imports: [
    ConfigModule.forRoot({ app: 'my-service' }),
    MonitorModule.forRoot({ service: 'my-service' }),
    HeartbeatsModule.forRoot(),
    DatabaseModule.forRoot({ runMigrations: true }),
    OutboxConnectorModule.forRoot({ service: 'my-service' }),
  ],
})
export class AppModule {}
