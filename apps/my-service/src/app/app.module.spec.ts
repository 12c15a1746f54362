import { describeAppHealth } from '@platform/testing';
import { runDeploySteps } from '../testing/deploy-steps';
import { AppModule } from './app.module';

describeAppHealth('my-service', AppModule, {
  infra: ['postgres', 'kafka', 'connect'],
  readiness: ['postgres', 'outbox-connector', 'replication-slot-lag'],
  setup: runDeploySteps,
});
