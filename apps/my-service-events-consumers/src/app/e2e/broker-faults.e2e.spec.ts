import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dataSourceOptions, EnableAddOnCommand } from '@my-service/domain';
import { loadConfig } from '@platform/config';
import { OutboxWriter } from '@platform/outbox';
import {
  ensureInfra,
  eventually,
  localProductionEnv,
  runScript,
  scratchDatabase,
  startAppProcess,
  workspaceRoot,
  type AppProcess,
  type ScratchDatabase,
} from '@platform/testing';
import { Kafka, KafkaJSProtocolError, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';

const cluster = (...args: string[]) =>
  execFileSync('bash', ['infra/local/kafka-cluster.sh', ...args], {
    cwd: workspaceRoot(),
    encoding: 'utf8',
  }).trim();

const say = (line: string) => process.stdout.write(`[broker-faults] ${line}\n`);

/**
 * What a failed kafkajs call was refused with: the protocol error's type (NOT_ENOUGH_REPLICAS…)
 * if there is one in the chain (retries exhausted wrap the last attempt's error as
 * `originalError` and `cause`), else the chain's error names.
 */
const refusalOf = (error: unknown): string => {
  const chain: unknown[] = [];
  for (let e = error; e instanceof Error && !chain.includes(e) && chain.length < 10;) {
    chain.push(e);
    const wrapped = e as Error & { originalError?: unknown };
    e = wrapped.originalError ?? wrapped.cause;
  }
  const protocol = chain.find((e): e is KafkaJSProtocolError => e instanceof KafkaJSProtocolError);
  return protocol?.type ?? (chain.map((e) => (e as Error).name).join(' <- ') || String(error));
};

// The outbox path on a three-broker cluster (replication factor 3, min.insync.replicas 2),
// production configuration throughout: commands commit outbox rows, Debezium publishes them
// through the cluster's Connect worker, the events-consumers app (audit log, Postgres inbox)
// handles them. Brokers are killed with kill -9 while commands keep coming.
describe('broker faults on a three-broker cluster (real Postgres, Kafka, Connect)', () => {
  const prefix = `faults${Date.now().toString(36)}`;
  const topic = `${prefix}.add-ons.add-on-events-v1`;
  let db: ScratchDatabase;
  let env: Record<string, string>;
  let consumers: AppProcess;
  let dataSource: DataSource;
  let enable: EnableAddOnCommand;
  let kafka: Kafka;
  const committed: string[] = []; // provider ids whose enable committed (one event each)

  const handled = async () =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM add_on_activity'))[0].n);
  const commit = async () => {
    const providerId = randomUUID();
    const result = await enable.execute({ providerId, code: 'online_payments', actorId: 'faults' });
    if (!result.ok) throw new Error(`enable failed: ${JSON.stringify(result)}`);
    committed.push(providerId);
  };
  /** Commits `count` commands, one every `everyMs`. */
  const stream = async (count: number, everyMs: number) => {
    for (let i = 0; i < count; i++) {
      await commit();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  };
  const allHandled = (timeoutMs: number) =>
    eventually(
      `all ${committed.length} committed events handled`,
      async () => ((await handled()) >= committed.length ? true : undefined),
      timeoutMs,
      250,
    );
  const leaderOf = async (partition: number) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return topics[0].partitions.find((p) => p.partitionId === partition)?.leader as number;
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    await ensureInfra(['postgres', 'redis', 'unleash']);
    say(cluster('start').split('\n').at(-1) ?? '');
    const brokers = cluster('brokers');
    db = await scratchDatabase(`my_service_${prefix}`);
    env = {
      ...localProductionEnv({ database: db.name, prefix }),
      // The cluster is plaintext: KAFKA_BOOTSTRAP_BROKERS (localProductionEnv allows plaintext).
      KAFKA_BOOTSTRAP_BROKERS: brokers,
      KAFKA_CONNECT_URL: cluster('connect-url'),
    };
    kafka = new Kafka({ clientId: 'broker-faults', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    // The providers service's topic (we only consume it), then the deploy steps as a cluster runs them.
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: `${prefix}.providers.provider-events-v1`, numPartitions: 3 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    for (const step of ['migrate', 'provision-topics', 'register-connector']) {
      const result = await runScript(`apps/my-service/src/${step}.ts`, env);
      if (result.code !== 0) throw new Error(`${step} failed: ${result.stderr}${result.stdout}`);
    }
    consumers = await startAppProcess('my-service-events-consumers', env);
    await eventually(
      'consumers ready',
      async () => ((await consumers.ready()).status === 200 ? true : undefined),
      90_000,
      500,
    );
    dataSource = new DataSource(dataSourceOptions(loadConfig('my-service', env)));
    await dataSource.initialize();
    enable = new EnableAddOnCommand(dataSource, new OutboxWriter({ current: () => null }));
  }, 20 * 60_000);

  afterAll(async () => {
    await consumers?.stop();
    await dataSource?.destroy();
    await fetch(`${env?.KAFKA_CONNECT_URL}/connectors/${prefix}.my-service-outbox`, {
      method: 'DELETE',
    }).catch(() => undefined);
    // The cluster is for these tests only: stopping it frees about 2 GB and two cores' worth of JVMs.
    cluster('stop');
    await db?.drop();
  }, 5 * 60_000);

  it('declared the topic with three replicas and min.insync.replicas 2', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0].partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3]);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }],
      });
      expect(resources[0].configEntries[0].configValue).toBe('2');
    } finally {
      await admin.disconnect();
    }
  });

  it(
    'handles every committed event exactly once while the leader of a partition is killed',
    async () => {
      await stream(20, 50);
      await allHandled(60_000);
      const victim = await leaderOf(0);
      const before = await handled();
      const streaming = stream(100, 50);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const killedAt = Date.now();
      cluster('kill', String(victim));
      say(`killed broker ${victim}, the leader of ${topic}[0]`);
      // Resumed: events committed after the kill reach the handler.
      const atKill = committed.length;
      await eventually(
        'events committed after the kill handled',
        async () => ((await handled()) > atKill ? true : undefined),
        60_000,
        100,
      );
      const resumeMs = Date.now() - killedAt;
      await streaming;
      await allHandled(90_000);
      say(`resumed ${resumeMs} ms after the kill; ${(await handled()) - before} events handled across it`);
      cluster('start-node', String(victim));

      const rows = await db.query<{ provider_id: string; n: string }>(
        'SELECT provider_id, count(*) AS n FROM add_on_activity GROUP BY provider_id',
      );
      expect(rows.length).toBe(committed.length);
      expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
      expect(new Set(rows.map((r) => r.provider_id))).toEqual(new Set(committed));
      // The consumer stayed in its group throughout: readiness is 200 again without a restart.
      await eventually(
        'consumers ready',
        async () => ((await consumers.ready()).status === 200 ? true : undefined),
        60_000,
        500,
      );
      expect(resumeMs).toBeLessThan(45_000); // the consumer's session timeout plus the election
    },
    5 * 60_000,
  );

  it(
    'with two brokers down writes are refused with NOT_ENOUGH_REPLICAS: outbox rows wait in Postgres, then arrive once',
    async () => {
      await allHandled(60_000);
      // Every replica in sync first (the broker restarted by the previous test has caught up),
      // so that the surviving broker may lead every partition.
      const admin = kafka.admin();
      await admin.connect();
      const partition0 = await eventually(
        `all replicas of ${topic} in sync`,
        async () => {
          const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
          const { partitions } = topics[0];
          return partitions.every((p) => p.isr.length === 3)
            ? partitions.find((p) => p.partitionId === 0)
            : undefined;
        },
        60_000,
        250,
      ).finally(() => admin.disconnect());
      // The leader of partition 0 and the replica the controller would elect next (it tries the
      // replicas in assignment order): the survivor leads partition 0 only once it is the one
      // in-sync replica left, so no write below is appended and left waiting for the dead ones.
      const first = partition0.leader;
      const second = partition0.replicas.find((n) => n !== first) as number;
      cluster('kill', String(first));
      cluster('kill', String(second));
      const killedAt = Date.now();
      say(`killed brokers ${first} and ${second}`);

      // Bootstrapped from the broker still up: the metadata names it as the partition's leader.
      const alive = [1, 2, 3].find((n) => n !== first && n !== second) as number;
      const survivor = cluster('brokers').split(',')[alive - 1];
      const producer = new Kafka({
        clientId: 'broker-faults-survivor',
        brokers: [survivor],
        logLevel: logLevel.NOTHING,
      }).producer({
        // Not idempotent: with two brokers down an idempotent producer cannot even get its
        // producer id (the transaction coordinator's log needs two in-sync replicas as well).
        retry: { retries: 2 },
      });
      await eventually(
        'connected to the surviving broker',
        () => producer.connect().then(() => true),
        30_000,
        1_000,
      );
      // The controller (a node of its own, still up) fences the two dead brokers after
      // broker.session.timeout.ms (6 s) and drops them from the in-sync replicas: from then on
      // the survivor leads with one in-sync replica, fewer than min.insync.replicas 2, and refuses
      // every acks=all write. Until then partition 0's leader is a dead broker (connection
      // errors): polled until the refusal is NOT_ENOUGH_REPLICAS, not just any error.
      const refusal = await eventually(
        'a write to the surviving broker refused with NOT_ENOUGH_REPLICAS',
        async () => {
          const outcome = await producer
            .send({
              topic,
              acks: -1,
              timeout: 5_000,
              messages: [{ partition: 0, key: 'k', value: 'not an outbox record' }],
            })
            .then(() => 'acknowledged', refusalOf);
          if (outcome === 'acknowledged' || outcome === 'NOT_ENOUGH_REPLICAS') return outcome;
          throw new Error(`refused with ${outcome}`); // not yet: eventually names the last one
        },
        60_000,
        500,
      );
      expect(refusal).toBe('NOT_ENOUGH_REPLICAS');
      say(`writes refused with NOT_ENOUGH_REPLICAS ${Date.now() - killedAt} ms after the kills`);
      await producer.disconnect().catch(() => undefined);

      const handledBefore = await handled();
      const waiting = committed.length;
      await stream(20, 50); // the outbox keeps accepting commands: Postgres is up
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await handled()).toBe(handledBefore); // nothing can be published meanwhile
      const outbox = await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox_events');
      expect(Number(outbox[0].n)).toBeGreaterThanOrEqual(committed.length);

      const returnedAt = Date.now();
      cluster('start-node', String(first));
      cluster('start-node', String(second));
      await allHandled(180_000);
      say(
        `two brokers down: ${committed.length - waiting} events waited in the outbox, all handled ${Date.now() - returnedAt} ms after the brokers returned`,
      );
      const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM add_on_activity');
      expect(Number(rows[0].n)).toBe(committed.length);
    },
    6 * 60_000,
  );
});
