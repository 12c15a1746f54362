import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CONSUMING_OFF } from '@platform/kafkaesque';
import { outboxConnectorName } from '@platform/outbox';
import {
  deleteKafkaRun,
  ensureInfra,
  eventually,
  localProductionEnv,
  scratchDatabase,
  workspaceRoot,
  type ScratchDatabase,
} from '@platform/testing';
import { Kafka, logLevel } from 'kafkajs';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

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
  const kafka = new Kafka({
    clientId: 'mirrord-spec',
    brokers: ['127.0.0.1:9092'],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const apps: Array<{ name: string; port: number; child: ChildProcess; output: string[] }> = [];
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
      const port = await freePort();
      const env = {
        ...localProductionEnv({ database: db.name, prefix, port }),
        ...mirrordConfig(name).feature.env.override,
      };
      const child = spawn(
        process.execPath,
        ['-r', './tools/testing/register.js', `apps/${name}/src/main.ts`],
        {
          cwd: workspaceRoot(),
          env: { PATH: process.env.PATH, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const output: string[] = [];
      child.stdout?.on('data', (d) => output.push(String(d)));
      child.stderr?.on('data', (d) => output.push(String(d)));
      apps.push({ name, port, child, output });
    }
    for (const app of apps) {
      await eventually(
        `${app.name} live`,
        async () => {
          if (app.child.exitCode !== null) throw new Error(`${app.name} exited: ${app.output.join('')}`);
          const res = await fetch(`http://127.0.0.1:${app.port}/health/live`).catch(() => undefined);
          return res?.status === 200 ? true : undefined;
        },
        60_000,
        250,
      );
    }
  }, 20 * 60_000);

  afterAll(async () => {
    for (const app of apps) {
      app.child.kill('SIGTERM');
      if (app.child.exitCode === null) await new Promise((resolve) => app.child.once('exit', resolve));
    }
    await admin.disconnect();
    await db?.drop();
    await deleteKafkaRun(kafka, prefix);
  }, 120_000);

  const ready = async (app: string) => {
    const { port } = apps.find((a) => a.name === app) ?? { port: 0 };
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
    const body = (await res.json()) as {
      checks: Array<{ name: string; status: string; reason?: string; details?: Record<string, unknown> }>;
    };
    return { status: res.status, checks: body.checks };
  };

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
