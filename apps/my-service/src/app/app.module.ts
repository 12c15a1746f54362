import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';

/** Core runtime of the service: owns the database schema (migrations) and the outbox connector registration. */
@Module({
  imports: [ConfigModule.forRoot({ app: 'my-service' }), HeartbeatsModule.forRoot(), DatabaseModule],
})
export class AppModule {}
