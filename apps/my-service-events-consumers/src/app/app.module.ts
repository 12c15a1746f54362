import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { MonitorModule } from '@platform/monitor';
import { KafkaHealthModule } from './kafka-health.module';

/** Kafka consumers of the service: events from our own topics and other services'. */
@Module({
  imports: [
    ConfigModule.forRoot({ app: 'my-service-events-consumers' }),
    MonitorModule.forRoot({ service: 'my-service-events-consumers' }),
    HeartbeatsModule.forRoot(),
    DatabaseModule.forRoot(),
    KafkaHealthModule,
  ],
})
export class AppModule {}
