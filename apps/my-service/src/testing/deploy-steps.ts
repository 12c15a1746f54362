import { migrateDatabase } from '@my-service/domain';
import { testConfig } from '@platform/config';
import { registerOutboxConnector } from '@platform/outbox';

/** What a deployment runs before the core app starts (its migrate and register-connector steps), on the test config. */
export async function runDeploySteps(): Promise<void> {
  const config = testConfig('my-service');
  await migrateDatabase(config);
  await registerOutboxConnector(config, 'my-service');
}
