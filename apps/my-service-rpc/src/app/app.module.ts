import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';

/** gRPC server of the service. */
@Module({
  imports: [ConfigModule.forRoot({ app: 'my-service-rpc' }), HeartbeatsModule.forRoot(), DatabaseModule],
})
export class AppModule {}
