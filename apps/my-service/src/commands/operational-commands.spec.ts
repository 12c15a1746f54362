import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaConnectClient, outboxConnectorName } from '@platform/outbox';
import {
  deleteKafkaRun,
  ensureInfra,
  eventually,
  localKafka,
  localProductionEnv,
  runScript,
  scratchDatabase,
  workspaceRoot,
  type ScratchDatabase,
} from '@platform/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { parse, stringify } from 'yaml';

interface TopicsFileShape {
  environments: Record<string, unknown>;
  topics: Array<Record<string, unknown>>;
}

/** Runs one of the core app's commands from source, as `nx run my-service:<command>` does. */
const command = (name: string, env: Record<string, string>) =>
  runScript(`apps/my-service/src/${name}.ts`, env);

// The operational commands the chart's Jobs run, in production mode on a scratch database and
// Kafka prefix of the local infrastructure.
describe('operational commands (real Postgres, Kafka, Kafka Connect)', () => {
  const prefix = `ops${Date.now().toString(36)}`;
  let db: ScratchDatabase;
  let env: Record<string, string>;
  const kafka = localKafka('ops-spec');
  const admin = kafka.admin();
  const dir = mkdtempSync(join(tmpdir(), 'topics-'));

  /** The repository's topics file, with a production override that fits one local broker. */
  const topicsFile = (edit: (file: TopicsFileShape) => void = () => undefined) => {
    const file: TopicsFileShape = parse(
      readFileSync(join(workspaceRoot(), 'config/kafka-topics.yaml'), 'utf8'),
    );
    file.environments.prod = { replicationFactor: 1, config: { 'min.insync.replicas': '1' } };
    edit(file);
    const path = join(dir, `topics-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, stringify(file));
    return path;
  };

  beforeAll(async () => {
    await ensureInfra(['postgres', 'kafka', 'connect']);
    db = await scratchDatabase(`my_service_${prefix}`);
    env = localProductionEnv({ database: db.name, prefix });
    await admin.connect();
  }, 20 * 60_000);

  afterAll(async () => {
    await new KafkaConnectClient(env.KAFKA_CONNECT_URL).delete(outboxConnectorName(prefix, 'my-service'));
    await db?.drop();
    await deleteKafkaRun(kafka, prefix);
    await admin.disconnect();
  }, 120_000);

  describe('migrate', () => {
    it('creates the schema and the job queue schema, then finds nothing to do', async () => {
      const first = await command('migrate', env);
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toContain(`[migrate] ${db.name} on 127.0.0.1:5432: ran CreateOutboxEvents`);
      expect(first.stdout).toContain('job queue schema (pg-boss) up to date');
      const tables = await db.query<{ t: string }>(
        "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'pgboss')",
      );
      expect(tables.map((r) => r.t)).toEqual(
        expect.arrayContaining([
          'public.outbox_events',
          'public.add_ons',
          'public.typeorm_migrations',
          'pgboss.job',
        ]),
      );

      const second = await command('migrate', env);
      expect(second).toMatchObject({ code: 0 });
      expect(second.stdout).toContain(`[migrate] ${db.name} on 127.0.0.1:5432: schema up to date`);
    }, 60_000);

    it('fails naming the database it cannot reach', async () => {
      const result = await command('migrate', { ...env, DATABASE_PORT: '1' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `[migrate] FAILED: Postgres ${db.name} at 127.0.0.1:1 (user postgres): connect ECONNREFUSED`,
      );
    }, 60_000);

    it('fails naming every missing variable', async () => {
      const { DATABASE_PASSWORD: _p, KAFKA_PREFIX: _k, ...partial } = env;
      const result = await command('migrate', partial);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'Missing required environment variables: DATABASE_PASSWORD, KAFKA_PREFIX',
      );
    }, 60_000);
  });

  describe('provision-topics', () => {
    const ours = [
      `${prefix}.add-ons.add-on-events-v1`,
      `${prefix}.add-ons.add-on-events-v1.dlq`,
      `${prefix}.providers.provider-events-v1.dlq`,
    ];
    const foreign = `${prefix}.providers.provider-events-v1`;

    it('refuses in production while a topic another service owns is missing, creating ours', async () => {
      const result = await command('provision-topics', { ...env, KAFKA_TOPICS_FILE: topicsFile() });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`${foreign}: MISSING, owned by providers: not created here`);
      expect(result.stderr).toContain(`topics owned by other services are missing: ${foreign}`);
      expect((await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`)).sort()).toEqual(
        [...ours].sort(),
      );
    }, 60_000);

    it('creates what is missing with the declared settings, then reports everything as declared', async () => {
      // The providers service's topic, not quite as we declare it: reported, never changed.
      await admin.createTopics({
        topics: [
          { topic: foreign, numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
        ],
        waitForLeaders: true,
      });
      await admin.deleteTopics({ topics: [ours[2]] });
      const file = topicsFile();
      const first = await command('provision-topics', { ...env, KAFKA_TOPICS_FILE: file });
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toContain(`${ours[2]}: created (3 partitions, replication factor 1)`);
      expect(first.stdout).toContain(
        `${foreign}: DRIFT, not changed: 2 partitions, declared 3 (owned by providers); config retention.ms=3600000, declared 604800000 (owned by providers)`,
      );

      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: 2, name: ours[1], configNames: ['retention.ms', 'cleanup.policy', 'min.insync.replicas'] },
        ],
      });
      expect(
        Object.fromEntries(resources[0].configEntries.map((c) => [c.configName, c.configValue])),
      ).toEqual({
        'retention.ms': '2419200000',
        'cleanup.policy': 'delete',
        'min.insync.replicas': '1',
      });

      const second = await command('provision-topics', { ...env, KAFKA_TOPICS_FILE: file });
      expect(second).toMatchObject({ code: 0 });
      for (const topic of ours) expect(second.stdout).toContain(`${topic}: as declared`);
      expect(second.stdout).toContain(`${foreign}: DRIFT`);
      expect((await admin.fetchTopicMetadata({ topics: [foreign] })).topics[0].partitions).toHaveLength(2);
    }, 90_000);

    it('raises partition counts and reports what it will not change', async () => {
      const raise = topicsFile((f) => (f.topics[0].partitions = 5));
      const raised = await command('provision-topics', { ...env, KAFKA_TOPICS_FILE: raise });
      expect(raised.stdout).toContain(`${ours[0]}: partitions raised 3 -> 5`);
      const { topics } = await admin.fetchTopicMetadata({ topics: [ours[0]] });
      expect(topics[0].partitions).toHaveLength(5);

      const shrinkAndReplicate = topicsFile((f) => {
        f.topics[0].partitions = 2;
        f.topics[1].replicationFactor = 3;
      });
      const drift = await command('provision-topics', { ...env, KAFKA_TOPICS_FILE: shrinkAndReplicate });
      expect(drift).toMatchObject({ code: 0 });
      expect(drift.stdout).toContain(
        `${ours[0]}: DRIFT, not changed: 5 partitions, declared 2 (partitions cannot be removed)`,
      );
      expect(drift.stdout).toContain(`${ours[1]}: DRIFT, not changed: replication factor is 1, declared 3`);
      expect((await admin.fetchTopicMetadata({ topics: [ours[0]] })).topics[0].partitions).toHaveLength(5);
    }, 90_000);

    it('rejects an unusable topics file, naming every problem', async () => {
      const broken = topicsFile((f) => {
        f.topics.push({ name: 'no owner' });
        f.topics[0].partitions = 0;
      });
      const result = await command('provision-topics', { ...env, KAFKA_TOPICS_FILE: broken });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'topic add-ons.add-on-events-v1: partitions must be a positive integer, got 0',
      );
      expect(result.stderr).toContain(
        'topic no owner: name must be a Kafka topic name without the prefix; topic no owner: owner is required',
      );
    }, 60_000);
  });

  describe('register-connector', () => {
    const name = outboxConnectorName(prefix, 'my-service');

    // The repository's topics file (prod settings fitted to one broker) and a topic only the
    // connector will write to: nobody provisions it, so Connect creates it from topic.creation.*.
    const probeTopic = 'add-ons.topic-creation-probe-v1';
    let topicsWithProbe: string;
    const connectorConfig = async () =>
      (await (await fetch(`${env.KAFKA_CONNECT_URL}/connectors/${name}/config`)).json()) as Record<
        string,
        string
      >;

    it('registers the connector with the production tuning and waits until it runs; again is a no-op', async () => {
      topicsWithProbe = topicsFile((f) =>
        f.topics.push({
          name: probeTopic,
          owner: 'my-service',
          partitions: 4,
          config: { 'retention.ms': '3600000' },
        }),
      );
      const first = await command('register-connector', { ...env, KAFKA_TOPICS_FILE: topicsWithProbe });
      expect(first.stderr).toBe('');
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toContain(
        `[register-connector] connector ${name} at ${env.KAFKA_CONNECT_URL}: RUNNING, tasks RUNNING`,
      );
      const config = await connectorConfig();
      expect(config).toMatchObject({
        'poll.interval.ms': '500',
        'heartbeat.interval.ms': '60000',
        'database.dbname': db.name,
        // By reference, resolved by the worker (it streams, so it resolved): never the password itself.
        'database.password': '${env:LOCAL_POSTGRES_PASSWORD}',
        // The topics file's defaults for this environment, and the probe's own settings.
        'topic.creation.default.replication.factor': '1',
        'topic.creation.default.partitions': '3',
        'topic.creation.default.min.insync.replicas': '1',
        'topic.creation.default.retention.ms': '604800000',
      });
      const probeGroup = Object.keys(config)
        .find((k) => config[k] === `^${`${prefix}.${probeTopic}`.replace(/\./g, '\\.')}$`)
        ?.split('.')[2];
      expect(config['topic.creation.groups'].split(',')).toContain(probeGroup);
      expect(config).toMatchObject({
        [`topic.creation.${probeGroup}.partitions`]: '4',
        [`topic.creation.${probeGroup}.retention.ms`]: '3600000',
      });
      expect(
        Object.entries(config).filter(([k, v]) => v === env.DATABASE_PASSWORD && k !== 'database.user'),
      ).toEqual([]);

      const second = await command('register-connector', { ...env, KAFKA_TOPICS_FILE: topicsWithProbe });
      expect(second).toMatchObject({ code: 0 });
      expect(second.stdout).toContain('RUNNING, tasks RUNNING');
    }, 120_000);

    it('has Connect create a topic it writes first as the topics file declares it, not with broker defaults', async () => {
      const topic = `${prefix}.${probeTopic}`;
      expect(await admin.listTopics()).not.toContain(topic);
      await db.query(
        `INSERT INTO outbox_events (partition_key, event_type, topic_name, proto_payload, timestamp)
         VALUES ('probe', 'probe', $1, '\\x00', now())`,
        [probeTopic],
      );
      const metadata = await eventually(
        `${topic} created by Connect`,
        async () => {
          if (!(await admin.listTopics()).includes(topic)) return undefined;
          return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0];
        },
        60_000,
        250,
      );
      expect(metadata.partitions).toHaveLength(4); // the broker's num.partitions is 1
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'cleanup.policy'] },
        ],
      });
      expect(
        Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e.configValue])),
      ).toEqual({
        'retention.ms': '3600000',
        'cleanup.policy': 'delete',
      });
    }, 90_000);

    it('refuses to register without a password reference, or with the password itself, and never prints it', async () => {
      const missing = await command('register-connector', { ...env, KAFKA_CONNECT_DATABASE_PASSWORD: '' });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(
        'Missing required environment variables: KAFKA_CONNECT_DATABASE_PASSWORD',
      );
      const literal = `literal-${Date.now()}`;
      const inline = await command('register-connector', {
        ...env,
        KAFKA_CONNECT_DATABASE_PASSWORD: literal,
      });
      expect(inline.code).toBe(1);
      expect(inline.stderr).toContain(
        'KAFKA_CONNECT_DATABASE_PASSWORD must be a Kafka Connect config-provider reference such as ${env:NAME}',
      );
      expect(inline.stdout + inline.stderr).not.toContain(literal);
      expect((await connectorConfig())['database.password']).toBe('${env:LOCAL_POSTGRES_PASSWORD}');
    }, 60_000);

    it("fails with Kafka Connect's reason when it rejects the configuration", async () => {
      const result = await command('register-connector', {
        ...env,
        KAFKA_PREFIX: `${prefix}x`,
        DATABASE_NAME: 'no_such_database',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /\[register-connector\] FAILED: Kafka Connect at .* rejected connector .*\(\d{3}\): database\.hostname: .*database "no_such_database" does not exist/,
      );
    }, 60_000);

    it('fails naming Kafka Connect when it cannot reach it', async () => {
      const result = await command('register-connector', { ...env, KAFKA_CONNECT_URL: 'http://127.0.0.1:1' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        '[register-connector] FAILED: Kafka Connect at http://127.0.0.1:1 unreachable',
      );
    }, 60_000);
  });
});
