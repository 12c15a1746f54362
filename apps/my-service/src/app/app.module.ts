import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { MonitorModule } from '@platform/monitor';
import { OutboxConnectorModule } from '@platform/outbox';
import { OutboxAgeReporter } from './outbox-age.reporter';

/**
 * Core runtime of the service: reports whether the outbox relay works (connector running, slot
 * lag) and the age of the oldest outbox row (`outbox.oldest_event_age_seconds`). The schema,
 * topics and connector it relies on are set up by its operational commands (migrate,
 * provision-topics, register-connector; src/*.ts beside main.ts), never at boot.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ app: 'my-service' }),
    MonitorModule.forRoot({ service: 'my-service' }),
    HeartbeatsModule.forRoot(),
    DatabaseModule.forRoot(),
    OutboxConnectorModule.forRoot({ service: 'my-service' }),
  ],
  providers: [OutboxAgeReporter],
})
export class AppModule {}
