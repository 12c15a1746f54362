import { migrateDatabase } from '@my-service/domain';
import { testConfig } from '@platform/config';
import { KafkaesqueHealth } from '@platform/kafkaesque';
import { registerOutboxConnector } from '@platform/outbox';
import { bootTestApp, ensureInfra, type BootedApp } from '@platform/testing';
import type { Type } from '@nestjs/common';

/**
 * What the consumers need around them in a test: the schema and the outbox connector (the
 * core app's job), then the app itself with its consumer groups joined.
 */
export async function bootConsumersApp(module: Type<unknown>, groups: string[]): Promise<BootedApp> {
  await ensureInfra(['postgres', 'redis', 'unleash', 'kafka', 'connect']);
  const config = testConfig('my-service-events-consumers');
  await migrateDatabase(config);
  await registerOutboxConnector(config, 'my-service');
  const booted = await bootTestApp(module);
  const health = booted.app.get(KafkaesqueHealth);
  await Promise.all(groups.map((group) => health.whenJoined(group, 60_000)));
  return booted;
}
