import { describeAppHealth } from '@platform/testing';
import { AppModule } from './app.module';

describeAppHealth('my-service-rpc', AppModule, {
  infra: ['postgres'],
  readiness: ['postgres', 'grpc-server'],
});
