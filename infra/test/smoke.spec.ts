import { randomUUID } from 'node:crypto';
import { ensureInfra, eventually, infraSettings } from '@platform/testing';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

// Smoke test of the real local services: each is reachable and does the one thing the
// service relies on it for. Failures here point at infra/local, not at application code.
const env = infraSettings();
const host = env.INFRA_HOST;
const run = randomUUID().slice(0, 8);
const kafka = new Kafka({
  clientId: `smoke-${run}`,
  brokers: [`${host}:${env.KAFKA_PORT}`],
  logLevel: logLevel.WARN,
});
const connectUrl = `http://${host}:${env.CONNECT_PORT}`;

function pgClient(): Client {
  return new Client({
    host,
    port: Number(env.POSTGRES_PORT),
    user: env.POSTGRES_USER,
    password: env.POSTGRES_PASSWORD,
    database: env.POSTGRES_TEST_DB,
  });
}

beforeAll(() => ensureInfra(['postgres', 'redis', 'unleash', 'kafka', 'connect']), 20 * 60_000);

describe('PostgreSQL', () => {
  it('runs with logical WAL for Debezium', async () => {
    const client = pgClient();
    await client.connect();
    try {
      const { rows } = await client.query('SHOW wal_level');
      expect(rows[0].wal_level).toBe('logical');
      const version = await client.query('SHOW server_version_num');
      expect(Math.floor(Number(version.rows[0].server_version_num) / 10000)).toBe(
        Number(env.POSTGRES_VERSION),
      );
    } finally {
      await client.end();
    }
  });
});

describe('Redis', () => {
  it('answers PING and runs the pinned major version', async () => {
    const redis = new Redis({
      host,
      port: Number(env.REDIS_PORT),
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    await redis.connect();
    try {
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.info('server')).toMatch(new RegExp(`redis_version:${env.REDIS_VERSION}\\.`));
    } finally {
      redis.disconnect();
    }
  });
});

describe('Unleash', () => {
  const unleashUrl = `http://${host}:${env.UNLEASH_PORT}`;

  it('runs the pinned version and takes the admin token of infra.env', async () => {
    expect((await fetch(`${unleashUrl}/health`)).status).toBe(200);
    const res = await fetch(`${unleashUrl}/api/admin/ui-config`, {
      headers: { authorization: env.UNLEASH_ADMIN_TOKEN },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: string }).version).toBe(env.UNLEASH_VERSION);
  });

  it('serves the development environment to the client token of infra.env', async () => {
    const res = await fetch(`${unleashUrl}/api/client/features`, {
      headers: { authorization: env.UNLEASH_CLIENT_TOKEN },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { query: { environment: string }; features: unknown[] };
    expect(body.query.environment).toBe('development');
    expect(Array.isArray(body.features)).toBe(true);
  });
});

describe('Kafka (KRaft)', () => {
  it('takes produced records, and a consumer group consumes them and commits offsets', async () => {
    const topic = `smoke.kafka-${run}`;
    const groupId = `smoke-group-${run}`;
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId });
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      await producer.connect();
      const sent = Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 3}`, value: `v${i}` }));
      await producer.send({ topic, messages: sent });

      const received: string[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          received.push(String(message.value));
        },
      });
      await eventually('all 10 records', async () => (received.length >= 10 ? true : undefined), 30_000);
      expect(received.sort()).toEqual(sent.map((m) => m.value).sort());

      // Offsets are committed to the group coordinator: what a restarted consumer resumes from.
      await eventually(
        'committed offsets to reach the end of each partition',
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
          const ends = await admin.fetchTopicOffsets(topic);
          const total = committed.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
          const end = ends.reduce((sum, p) => sum + Number(p.high), 0);
          return total === 10 && end === 10 ? true : undefined;
        },
        30_000,
      );
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  }, 60_000);
});

describe('Kafka Connect with Debezium', () => {
  it('answers on its REST API with the Debezium Postgres plugin loaded', async () => {
    const root = (await (await fetch(connectUrl)).json()) as { version: string };
    expect(root.version).toBe(env.KAFKA_VERSION);
    const plugins = (await (await fetch(`${connectUrl}/connector-plugins`)).json()) as Array<{
      class: string;
      version: string;
    }>;
    expect(plugins).toContainEqual(
      expect.objectContaining({
        class: 'io.debezium.connector.postgresql.PostgresConnector',
        version: env.DEBEZIUM_VERSION,
      }),
    );
  });

  it('runs a connector on a scratch table and delivers a row insert to Kafka', async () => {
    const table = `smoke_cdc_${run}`;
    const name = `smoke-${run}`;
    const slot = `smoke_${run}`;
    const topicPrefix = `smoke-cdc-${run}`;
    const db = pgClient();
    await db.connect();
    const consumer = kafka.consumer({ groupId: `smoke-cdc-${run}` });
    try {
      await db.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, note text NOT NULL)`);
      const res = await fetch(`${connectUrl}/connectors/${name}/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
          'plugin.name': 'pgoutput',
          'database.hostname': host,
          'database.port': env.POSTGRES_PORT,
          'database.user': env.POSTGRES_USER,
          'database.password': env.POSTGRES_PASSWORD,
          'database.dbname': env.POSTGRES_TEST_DB,
          'topic.prefix': topicPrefix,
          'slot.name': slot,
          'publication.name': `${slot}_pub`,
          'publication.autocreate.mode': 'filtered',
          'table.include.list': `public.${table}`,
          'snapshot.mode': 'no_data',
          'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'key.converter.schemas.enable': 'false',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
        }),
      });
      expect(res.status).toBeLessThan(300);
      await eventually(
        'connector and task RUNNING',
        async () => {
          const status = (await (await fetch(`${connectUrl}/connectors/${name}/status`)).json()) as {
            connector?: { state: string };
            tasks?: Array<{ state: string }>;
          };
          return status.connector?.state === 'RUNNING' && status.tasks?.[0]?.state === 'RUNNING'
            ? true
            : undefined;
        },
        60_000,
      );
      // The slot exists once the task streams; only then is an insert guaranteed to be captured.
      await eventually(
        'replication slot active',
        async () => {
          const { rows } = await db.query('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [
            slot,
          ]);
          return rows[0]?.active ? true : undefined;
        },
        30_000,
      );
      await db.query(`INSERT INTO ${table} (note) VALUES ($1)`, [`hello ${run}`]);

      const topic = `${topicPrefix}.public.${table}`;
      const values: Array<{ after?: { note?: string }; op?: string }> = [];
      // Debezium creates the topic with the first change; subscribe once it exists.
      const admin = kafka.admin();
      await admin.connect();
      await eventually(
        'the CDC topic',
        async () => ((await admin.listTopics()).includes(topic) ? true : undefined),
        60_000,
      ).finally(() => admin.disconnect());
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          values.push(JSON.parse(String(message.value)));
        },
      });
      const change = await eventually(
        'the insert on Kafka',
        async () => values.find((v) => v.op === 'c'),
        60_000,
      );
      expect(change.after?.note).toBe(`hello ${run}`);
    } finally {
      await consumer.disconnect();
      await fetch(`${connectUrl}/connectors/${name}`, { method: 'DELETE' }).catch(() => undefined);
      await eventually(
        'slot released',
        async () => {
          const { rows } = await db.query('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [
            slot,
          ]);
          return rows.length === 0 || !rows[0].active ? true : undefined;
        },
        30_000,
      ).catch(() => undefined);
      await db.query(
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
        [slot],
      );
      await db.query(`DROP PUBLICATION IF EXISTS ${slot}_pub`);
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.end();
    }
  }, 180_000);
});
