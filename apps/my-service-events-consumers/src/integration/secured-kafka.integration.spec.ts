import { randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataSourceOptions, EnableAddOnCommand, migrateDatabase } from '@my-service/domain';
import { kafkaProducerConfig, loadConfig } from '@platform/config';
import { KafkaConnectClient, OutboxWriter, outboxConnectorName } from '@platform/outbox';
import {
  deleteKafkaRun,
  ensureInfra,
  ensureSecuredKafka,
  eventually,
  infraSettings,
  infraStateDir,
  localKafka,
  localKafkaConnection,
  localProductionEnv,
  runScript,
  scratchDatabase,
  startAppProcess,
  type AppProcess,
  type ScratchDatabase,
} from '@platform/testing';
import { AddOnDisabledSchema, eventCatalog, wrapEvent } from '@proto/contracts';
import { DataSource } from 'typeorm';

const APP = 'my-service-events-consumers';
const GROUPS = ['my_service.add_on_activity', 'my_service.provider_events'];

// The consumers app in production mode (its own process, a deployment's environment) on the local
// broker's SASL_SSL listener: TLS with the local CA, SCRAM-SHA-512. It must consume and be ready;
// with a wrong password or without the CA it must say why in its readiness, naming the broker and
// the mechanism, and never print the password.
describe('events-consumers on a SASL_SSL broker (real Kafka, Postgres, Redis, Unleash)', () => {
  const s = infraSettings();
  const broker = `${s.INFRA_HOST}:${s.KAFKA_SASL_SSL_PORT}`;
  const prefix = `sasl${Date.now().toString(36)}`;
  const secured = localKafkaConnection('scram-sha-512');
  const kafka = localKafka('secured-app-spec', secured);
  let db: ScratchDatabase;
  let env: Record<string, string>;
  const apps: AppProcess[] = [];
  const start = async (overrides: Record<string, string | undefined>) => {
    const merged = { ...env, ...overrides };
    const app = await startAppProcess(
      APP,
      Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );
    apps.push(app);
    return app;
  };
  const check = (ready: Awaited<ReturnType<AppProcess['ready']>>, name: string) =>
    ready.checks.find((c) => c.name === name);

  beforeAll(async () => {
    await ensureInfra(['postgres', 'redis', 'unleash', 'kafka']);
    await ensureSecuredKafka();
    db = await scratchDatabase(`my_service_${prefix}`);
    env = localProductionEnv({ database: db.name, prefix, kafka: 'scram-sha-512' });
    expect(env).toMatchObject({
      KAFKA_BOOTSTRAP_BROKERS_TLS: broker,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SSL_CA_FILE: expect.stringMatching(/kafka\/tls\/ca\.crt$/),
    });
    await migrateDatabase(loadConfig(APP, env));
    // The deploy step, over the same listener: topics are provisioned in production, not created by consumers.
    const provisioned = await runScript('apps/my-service/src/provision-topics.ts', {
      ...env,
      KAFKA_TOPICS_ENVIRONMENT: 'dev',
    });
    expect(provisioned).toMatchObject({ code: 0 });
    expect(provisioned.stdout + provisioned.stderr).not.toContain(s.KAFKA_SCRAM_PASSWORD);
  }, 20 * 60_000);

  afterAll(async () => {
    await new KafkaConnectClient(env.KAFKA_CONNECT_URL)
      .delete(outboxConnectorName(prefix, 'my-service'))
      .catch(() => undefined);
    await Promise.all(apps.map((app) => app.stop()));
    await db?.drop();
    await deleteKafkaRun(kafka, prefix);
  }, 120_000);

  it('consumes an event published on the secured listener and is ready', async () => {
    const app = await start({});
    const ready = await eventually(
      'ready',
      async () => {
        const r = await app.ready();
        return r.status === 200 ? r : undefined;
      },
      90_000,
      500,
    );
    expect(check(ready, 'kafka-brokers')).toMatchObject({ status: 'ok' });
    for (const group of GROUPS)
      expect(check(ready, `kafka-consumer:${group}`)).toMatchObject({ status: 'ok' });

    const providerId = randomUUID();
    const eventUuid = randomUUID();
    const envelope = wrapEvent(
      eventCatalog.addOnsAddOnEventsV1,
      'add_on_disabled',
      create(AddOnDisabledSchema, {
        providerId,
        addOnId: randomUUID(),
        addOnCode: 'online_payments',
        addOnName: 'Online payments',
        actorId: 'sasl-ssl-spec',
        occurredAt: timestampFromDate(new Date()),
      }),
    );
    const payload = Buffer.from(toBinary(eventCatalog.addOnsAddOnEventsV1.envelope, envelope)).toString(
      'base64',
    );
    const producer = kafka.producer(kafkaProducerConfig());
    await producer.connect();
    try {
      await producer.send({
        topic: `${prefix}.${eventCatalog.addOnsAddOnEventsV1.topic}`,
        acks: -1,
        messages: [
          {
            key: providerId,
            value: JSON.stringify({
              uuid: eventUuid,
              event_type: 'add_on_disabled',
              timestamp: Date.now(),
              payload,
            }),
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const [row] = await eventually('the audit row', async () => {
      const rows = await db.query<{ event_uuid: string; actor_id: string }>(
        'SELECT event_uuid, actor_id FROM add_on_activity WHERE provider_id = $1',
        [providerId],
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(row).toEqual({ event_uuid: eventUuid, actor_id: 'sasl-ssl-spec' });
    expect((await app.ready()).status).toBe(200);
    expect(app.output()).not.toContain(s.KAFKA_SCRAM_PASSWORD);
  }, 180_000);

  it('carries a committed command through the outbox, Kafka Connect and the consumer, all on SASL_SSL', async () => {
    // The local Connect worker reaches the broker only through the SASL_SSL listener
    // (infra/local/connect.sh): its own clients and the connector's producer alike.
    const worker = readFileSync(join(infraStateDir(), 'connect', 'worker.properties'), 'utf8');
    expect(worker).toContain(`bootstrap.servers=${broker}\n`);
    for (const prefixed of ['', 'producer.', 'consumer.', 'admin.']) {
      expect(worker).toContain(`\n${prefixed}security.protocol=SASL_SSL\n`);
      expect(worker).toContain(`\n${prefixed}sasl.mechanism=SCRAM-SHA-512\n`);
    }
    const registered = await runScript('apps/my-service/src/register-connector.ts', {
      ...env,
      KAFKA_TOPICS_ENVIRONMENT: 'dev',
    });
    expect(registered).toMatchObject({ code: 0 });
    expect(registered.stdout).toContain('RUNNING, tasks RUNNING');
    const app = apps[0];
    expect((await app.ready()).status).toBe(200);

    const dataSource = new DataSource(dataSourceOptions(loadConfig(APP, env)));
    await dataSource.initialize();
    const providerId = randomUUID();
    try {
      const enable = new EnableAddOnCommand(dataSource, new OutboxWriter({ current: () => null }));
      const result = await enable.execute({ providerId, code: 'online_payments', actorId: 'sasl-outbox' });
      expect(result.ok).toBe(true);
    } finally {
      await dataSource.destroy();
    }
    const [row] = await eventually(
      'the audit row of the committed command',
      async () => {
        const rows = await db.query<{ actor_id: string; n: string }>(
          'SELECT actor_id, count(*) OVER () AS n FROM add_on_activity WHERE provider_id = $1',
          [providerId],
        );
        return rows.length > 0 ? rows : undefined;
      },
      60_000,
    );
    expect(row).toEqual({ actor_id: 'sasl-outbox', n: '1' });
  }, 180_000);

  /** Readiness 503, with the failing checks' reasons, twice a few seconds apart (it stays so). */
  const staysUnready = async (app: AppProcess) => {
    const first = await eventually(
      'a Kafka failure in readiness',
      async () => {
        const r = await app.ready();
        const consumer = check(r, `kafka-consumer:${GROUPS[0]}`);
        return r.status === 503 && consumer?.reason?.includes('start failed') ? r : undefined;
      },
      60_000,
      500,
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const later = await app.ready();
    expect(later.status).toBe(503);
    return { first, later };
  };

  it('with a wrong password: live, never ready, the reason naming broker and mechanism, no password printed', async () => {
    const password = `wrong-${randomUUID()}`;
    const app = await start({ KAFKA_SASL_PASSWORD: password });
    const { first, later } = await staysUnready(app);
    const where = `Kafka ${broker} (SASL_SSL, SCRAM-SHA-512 as ${s.KAFKA_SCRAM_USER}, CA `;
    for (const r of [first, later]) {
      expect(check(r, 'kafka-brokers')?.reason).toContain(where);
      expect(check(r, 'kafka-brokers')?.reason).toContain('SASL SCRAM SHA512 authentication failed');
    }
    expect(check(first, `kafka-consumer:${GROUPS[0]}`)?.reason).toMatch(
      /crashed: start failed: Kafka 127\.0\.0\.1:\d+ \(SASL_SSL, SCRAM-SHA-512 as .*authentication failed/,
    );
    expect(app.output()).toContain('authentication failed');
    expect(app.output()).not.toContain(password);
    expect(app.output()).not.toContain(s.KAFKA_SCRAM_PASSWORD);
  }, 120_000);

  it('without the local CA (system CAs only): live, never ready, the TLS failure named with broker and mechanism', async () => {
    const app = await start({ KAFKA_SSL_CA_FILE: undefined });
    const { later } = await staysUnready(app);
    const reason = check(later, 'kafka-brokers')?.reason;
    expect(reason).toContain(`Kafka ${broker} (SASL_SSL, SCRAM-SHA-512 as ${s.KAFKA_SCRAM_USER}): `);
    expect(reason).toContain('self-signed certificate in certificate chain');
    expect(reason).toContain('set KAFKA_SSL_CA_FILE');
    expect(check(later, `kafka-consumer:${GROUPS[1]}`)?.reason).toContain('self-signed certificate');
    expect(app.output()).not.toContain(s.KAFKA_SCRAM_PASSWORD);
  }, 120_000);
  it('in production, a consumer whose dead-letter topic does not exist never gets ready: readiness names the topic', async () => {
    const bare = `${prefix}bare`; // nothing provisioned under this prefix
    const app = await start({ KAFKA_PREFIX: bare });
    const ready = await eventually(
      'a missing dead-letter topic in readiness',
      async () => {
        const r = await app.ready();
        return r.status === 503 && check(r, `kafka-consumer:${GROUPS[0]}`)?.reason?.includes('does not exist')
          ? r
          : undefined;
      },
      60_000,
      500,
    );
    expect(check(ready, 'kafka-brokers')).toMatchObject({ status: 'ok' });
    expect(check(ready, `kafka-consumer:${GROUPS[0]}`)?.reason).toContain(
      `dead-letter topic ${bare}.add-ons.add-on-events-v1.dlq of consumer ${bare}.${GROUPS[0]} does not exist: provision it`,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await app.ready()).status).toBe(503);
  }, 120_000);
});
