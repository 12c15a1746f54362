import { Module } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { APP_CONFIG, ConfigModule } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { MonitorModule } from '@platform/monitor';
import { AddOnsRpcModule } from './add-ons/add-ons-rpc.module';
import { GrpcServerModule } from './grpc/grpc-server.module';
import { grpcServerOptionsFor } from './grpc-server.config';

/** gRPC server of the service (AddOnsService, health, reflection), with HTTP /health/live and /health/ready. */
@Module({
  imports: [
    ConfigModule.forRoot({ app: 'my-service-rpc' }),
    MonitorModule.forRoot({ service: 'my-service-rpc' }),
    HeartbeatsModule.forRoot(),
    DatabaseModule.forRoot(),
    GrpcServerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: grpcServerOptionsFor }),
    AddOnsRpcModule,
  ],
})
export class AppModule {}
