import { execFileSync } from 'node:child_process';
import { CONSUMING_OFF } from '@platform/kafkaesque';
import { outboxConnectorName } from '@platform/outbox';
import {
  deleteKafkaRun,
  ensureInfra,
  eventually,
  localKafka,
  localProductionEnv,
  startAppProcess,
  type AppProcess,
  scratchDatabase,
  workspaceRoot,
  type ScratchDatabase,
} from '@platform/testing';

/** The configuration `task start-mirrord -- --app <app>` hands to mirrord. */
function mirrordConfig(app: string): {
  target: { path: string };
  feature: { env: { override: Record<string, string> } };
} {
  return JSON.parse(
    execFileSync('bash', ['scripts/start-mirrord.sh', '--app', app, '--print-config'], {
      cwd: workspaceRoot(),
    }).toString(),
  );
}

// `task start-mirrord` against the local infrastructure standing in for staging: each app runs
// from source with a production environment (what mirrord copies from the pod) and the overrides
// the script gives mirrord. Nothing shared may change: no migration, no connector, no topic, no
// consumer group member.
describe('mirrord mode changes nothing shared (real Postgres, Redis, Kafka, Connect)', () => {
  const prefix = `mirrord${Date.now().toString(36)}`;
  const kafka = localKafka('mirrord-spec');
  const admin = kafka.admin();
  const apps: AppProcess[] = [];
  let db: ScratchDatabase;
  let connectorsBefore: unknown;
  const connectUrl = localProductionEnv({ database: 'x', prefix }).KAFKA_CONNECT_URL;
  const connectors = async () => (await fetch(`${connectUrl}/connectors?expand=info`)).json();

  beforeAll(async () => {
    await ensureInfra(['postgres', 'redis', 'unleash', 'kafka', 'connect']);
    db = await scratchDatabase(`my_service_${prefix}`);
    await admin.connect();
    connectorsBefore = await connectors();
    for (const name of ['my-service', 'my-service-events-consumers']) {
      const env = {
        ...localProductionEnv({ database: db.name, prefix }),
        ...mirrordConfig(name).feature.env.override,
      };
      apps.push(await startAppProcess(name, env));
    }
  }, 20 * 60_000);

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await admin.disconnect();
    await db?.drop();
    await deleteKafkaRun(kafka, prefix);
  }, 120_000);

  const ready = (app: string) => (apps.find((a) => a.app === app) as AppProcess).ready();

  it('targets the app and turns consuming off unless asked', () => {
    expect(mirrordConfig('my-service-events-consumers')).toMatchObject({
      target: { path: 'deployment/my-service-events-consumers/container/my-service-events-consumers' },
      feature: { env: { override: { CONSUME_EVENTS: 'false' } } },
    });
    const consuming = JSON.parse(
      execFileSync(
        'bash',
        ['scripts/start-mirrord.sh', '--app', 'my-service-events-consumers', '--consume', '--print-config'],
        {
          cwd: workspaceRoot(),
        },
      ).toString(),
    );
    expect(consuming.feature.env.override).toEqual({ CONSUME_EVENTS: 'true' });
    expect(() =>
      execFileSync('bash', ['scripts/start-mirrord.sh', '--app', 'my-service-worker'], {
        cwd: workspaceRoot(),
        stdio: 'pipe',
      }),
    ).toThrow(/is not run under mirrord/);
  });

  it('runs no migration', async () => {
    const tables = await db.query(
      "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    );
    expect(tables).toEqual([]);
  });

  it('registers no connector and changes none: the core app reports the connector missing', async () => {
    expect(await connectors()).toEqual(connectorsBefore);
    const { status, checks } = await ready('my-service');
    expect(status).toBe(503);
    expect(checks.find((c) => c.name === 'outbox-connector')).toMatchObject({
      status: 'unhealthy',
      reason: `connector ${outboxConnectorName(prefix, 'my-service')} is not registered`,
    });
  });

  it('joins no consumer group and creates no topic, yet the consumers app is ready and says why it is idle', async () => {
    const consumers = await eventually('consumers ready', async () => {
      const r = await ready('my-service-events-consumers');
      return r.status === 200 ? r : undefined;
    });
    for (const check of consumers.checks.filter((c) => c.name.startsWith('kafka-consumer:'))) {
      expect(check).toMatchObject({ status: 'ok', details: { state: 'paused', reason: CONSUMING_OFF } });
    }
    const groups = (await admin.listGroups()).groups.filter((g) => g.groupId.startsWith(`${prefix}.`));
    expect(groups).toEqual([]);
    expect((await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`))).toEqual([]);
  });
});
