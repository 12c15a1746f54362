import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';

/** Internal GraphQL API for other services and back-office tools. */
@Module({
  imports: [ConfigModule.forRoot({ app: 'my-service-graphql' }), HeartbeatsModule.forRoot(), DatabaseModule],
})
export class AppModule {}
