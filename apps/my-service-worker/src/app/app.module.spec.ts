import { describeAppHealth } from '@platform/testing';
import { AppModule } from './app.module';

describeAppHealth('my-service-worker', AppModule, {
  infra: ['postgres'],
  readiness: ['postgres', 'job-queue'],
});
