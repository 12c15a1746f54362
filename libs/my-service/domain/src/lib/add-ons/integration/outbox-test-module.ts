import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule, testConfig } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { OutboxConnectorModule, registerOutboxConnector } from '@platform/outbox';
import { ensureInfra } from '@platform/testing';
import { DatabaseModule } from '../../database/database.module';
import { migrateDatabase } from '../../database/run-migrations';
import { AddOnsModule } from '../add-ons.module';

/** The domain wired as the core app wires it, on the test database, with the test connector registered. */
export async function bootOutboxTestModule(): Promise<TestingModule> {
  await ensureInfra(['postgres', 'kafka', 'connect']);
  // What `migrate` and `register-connector` do before the core app starts.
  const config = testConfig('my-service-domain');
  await migrateDatabase(config);
  await registerOutboxConnector(config, 'my-service');
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ app: 'my-service-domain', config }),
      HeartbeatsModule.forRoot(),
      DatabaseModule.forRoot(),
      AddOnsModule,
      OutboxConnectorModule.forRoot({ service: 'my-service' }),
    ],
  }).compile();
  moduleRef.useLogger(['error', 'warn']);
  await moduleRef.init();
  return moduleRef;
}

export const ADD_ON_EVENTS_TOPIC = `${testConfig('x').kafka.prefix}.add-ons.add-on-events-v1`;
