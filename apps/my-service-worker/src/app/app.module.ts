import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { MonitorModule } from '@platform/monitor';
import { JobsModule } from './jobs/jobs.module';

/** Background and scheduled jobs of the service. */
@Module({
  imports: [
    ConfigModule.forRoot({ app: 'my-service-worker' }),
    MonitorModule.forRoot({ service: 'my-service-worker' }),
    HeartbeatsModule.forRoot(),
    DatabaseModule.forRoot(),
    JobsModule,
  ],
})
export class AppModule {}
