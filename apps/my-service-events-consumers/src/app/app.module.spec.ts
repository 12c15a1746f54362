import { describeAppHealth } from '@platform/testing';
import { AppModule } from './app.module';

describeAppHealth('my-service-events-consumers', AppModule, {
  infra: ['postgres', 'kafka'],
  readiness: ['postgres', 'kafka-brokers'],
});
