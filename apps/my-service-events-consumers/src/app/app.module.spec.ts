import { migrateDatabase } from '@my-service/domain';
import { testConfig } from '@platform/config';
import { describeAppHealth, ensureInfra } from '@platform/testing';
import { AppModule } from './app.module';

// The core app owns migrations; this app's consumers write the audit log, so the schema must exist.
beforeAll(async () => {
  await ensureInfra(['postgres']);
  await migrateDatabase(testConfig('my-service-events-consumers'));
}, 20 * 60_000);

describeAppHealth('my-service-events-consumers', AppModule, {
  infra: ['postgres', 'redis', 'unleash', 'kafka'],
  readiness: [
    'postgres',
    'redis',
    'kafka-consumer:my_service.add_on_activity',
    'kafka-consumer:my_service.provider_events',
    'kafka-brokers',
  ],
});
