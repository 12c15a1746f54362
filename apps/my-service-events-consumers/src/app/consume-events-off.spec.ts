import { migrateDatabase } from '@my-service/domain';
import { testConfig } from '@platform/config';
import { CONSUMING_OFF } from '@platform/kafkaesque';
import { bootTestApp, ensureInfra, localKafka, type BootedApp } from '@platform/testing';
import { AppModule } from './app.module';

const GROUPS = ['my_service.add_on_activity', 'my_service.provider_events'];

// CONSUME_EVENTS=false: the app boots and is ready, reporting why it consumes nothing, and no
// member of its groups joins (so it takes no partition away from the instances that consume).
describe('events-consumers with CONSUME_EVENTS=false (real Kafka)', () => {
  const config = testConfig('my-service-events-consumers');
  const kafka = localKafka('consume-events-off-spec', config.kafka);
  const admin = kafka.admin();
  let booted: BootedApp;
  const saved = process.env.CONSUME_EVENTS;

  beforeAll(async () => {
    await ensureInfra(['postgres', 'redis', 'unleash', 'kafka']);
    await migrateDatabase(config);
    await admin.connect();
    process.env.CONSUME_EVENTS = 'false';
    booted = await bootTestApp(AppModule);
  }, 20 * 60_000);

  afterAll(async () => {
    if (saved === undefined) delete process.env.CONSUME_EVENTS;
    else process.env.CONSUME_EVENTS = saved;
    await booted?.app.close();
    await admin.disconnect();
  });

  it('is ready, each consumer check saying consuming is off', async () => {
    const { status, body } = await booted.getJson('/health/ready');
    expect(status).toBe(200);
    const checks = body.checks as Array<{
      name: string;
      status: string;
      details?: { state: string; reason: string };
    }>;
    for (const group of GROUPS) {
      expect(checks.find((c) => c.name === `kafka-consumer:${group}`)).toMatchObject({
        status: 'ok',
        details: { state: 'paused', reason: CONSUMING_OFF },
      });
    }
  });

  it('joins no consumer group', async () => {
    // Long enough for a started consumer to have joined (the readiness warm-up is 5 s).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const { groups } = await admin.describeGroups(GROUPS.map((g) => `${config.kafka.prefix}.${g}`));
    for (const group of groups)
      expect({ group: group.groupId, members: group.members.length }).toEqual({
        group: group.groupId,
        members: 0,
      });
  }, 30_000);
});
