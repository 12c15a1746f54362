import { postgresSslOptions, redisOptions, testConfig } from '@platform/config';
import Redis, { type RedisOptions } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KafkaInboxEntry } from '../lib/postgres/kafka-inbox.entity';
import { CreateKafkaInbox1795700000000 } from '../lib/postgres/migrations/1795700000000-create-kafka-inbox';
import type { InboxRedisClient } from '../lib/redis/redis-inbox.strategy';

/** Test-only helpers around the local Redis and Postgres. */
export const config = testConfig('kafkaesque-addons');

/** Fails fast when Redis is away (one reconnect attempt per command) and reconnects every 100 ms. */
export const FAST_FAILING_REDIS: RedisOptions = {
  ...redisOptions(config.redis),
  maxRetriesPerRequest: 1,
  retryStrategy: () => 100,
  lazyConnect: false,
};

export function redisClient(options: RedisOptions = {}): Redis {
  return new Redis({ ...FAST_FAILING_REDIS, ...options });
}

/** A Kafka-like group name of its own per test, so runs never share inbox keys. */
export function uniqueGroup(name = 'group'): string {
  return `test-${randomUUID().slice(0, 8)}.${name}`;
}

/** Test table for handler effects that must commit with the inbox row. */
export const EFFECTS_TABLE = 'kafkaesque_addons_test_effects';

// Same key as the service's migrations (run-migrations.ts): test files and apps take turns.
const MIGRATION_LOCK_KEY = 74_100_001;

/** The test database with the inbox table (migrated under the shared advisory lock) and the effects table. */
export async function testDataSource(): Promise<DataSource> {
  const db = new DataSource({
    type: 'postgres',
    ...config.database,
    ssl: postgresSslOptions(config.database.ssl),
    entities: [KafkaInboxEntry],
    migrations: [CreateKafkaInbox1795700000000],
    migrationsTableName: 'typeorm_migrations',
    applicationName: 'kafkaesque-addons-test',
  });
  await db.initialize();
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await db.runMigrations({ transaction: 'each' });
    await lock.query(
      `CREATE TABLE IF NOT EXISTS ${EFFECTS_TABLE} (event_uuid UUID PRIMARY KEY, note TEXT NOT NULL)`,
    );
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
  return db;
}

/** Counts the inbox's Redis round trips by command (a pipeline counts once, as `exec`). */
export interface CountingRedis {
  readonly client: InboxRedisClient;
  readonly calls: Record<string, number>;
  /** Makes calls of `command` (`set`, `mget`, `eval`, `exec`) reject: `times` of them, after letting `skip` through. */
  failNext(command: string, options?: { times?: number; skip?: number }): void;
  reset(): void;
}

export function countingRedis(redis: Redis): CountingRedis {
  const calls: Record<string, number> = {};
  const failures: Record<string, { skip: number; times: number }> = {};
  const count = (command: string): void => {
    calls[command] = (calls[command] ?? 0) + 1;
    const failure = failures[command];
    if (!failure || failure.times === 0) return;
    if (failure.skip > 0) {
      failure.skip--;
      return;
    }
    failure.times--;
    throw new Error(`injected ${command} failure`);
  };
  type AnyCommand = (...args: unknown[]) => Promise<unknown>;
  const counted = <F>(command: string, run: AnyCommand): F =>
    ((...args: unknown[]) => {
      try {
        count(command);
      } catch (error) {
        return Promise.reject(error);
      }
      return run(...args);
    }) as F;
  const client: InboxRedisClient = {
    set: counted('set', redis.set.bind(redis) as AnyCommand),
    mget: counted('mget', redis.mget.bind(redis) as AnyCommand),
    eval: counted('eval', redis.eval.bind(redis) as AnyCommand),
    pipeline: (() => {
      const pipeline = redis.pipeline();
      pipeline.exec = counted('exec', pipeline.exec.bind(pipeline) as AnyCommand);
      return pipeline;
    }) as InboxRedisClient['pipeline'],
  };
  return {
    client,
    calls,
    failNext: (command, { times = 1, skip = 0 } = {}) => void (failures[command] = { times, skip }),
    reset: () => {
      for (const key of Object.keys(calls)) delete calls[key];
      for (const key of Object.keys(failures)) delete failures[key];
    },
  };
}

/** A promise with its resolve, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The group's committed offset per partition ('-1' when none). */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return [...entry.partitions].sort((a, b) => a.partition - b.partition).map((p) => p.offset);
  } finally {
    await admin.disconnect();
  }
}
