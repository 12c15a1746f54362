import { create, toBinary } from '@bufbuild/protobuf';
import { Global, Injectable, Module, type DynamicModule, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { kafkaProducerConfig } from '@platform/config';
import {
  DebeziumProtoDecoder,
  KAFKAESQUE_CHANNELS,
  KafkaConsumer,
  KafkaesqueHealth,
  KafkaesqueModule,
  OnKafkaEvent,
  type DebeziumEvent,
  type MessagePlugin,
  type MessageRetriedEvent,
} from '@platform/kafkaesque';
import { debeziumRecordValue } from '@platform/kafkaesque/testing';
import { ensureInfra, localKafka, workspaceRoot, deleteKafkaRun, eventuallyPasses } from '@platform/testing';
import { AddOnEnabledSchema, eventCatalog } from '@proto/contracts';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import diagnostics_channel from 'node:diagnostics_channel';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { InboxUnavailableError } from '../lib/errors/inbox-unavailable.error';
import { KAFKAESQUE_ADDONS_CHANNELS, type InboxEvent } from '../lib/events/kafkaesque-addons.channels';
import { UUIDIdempotencyPlugin } from '../lib/idempotency/uuid-idempotency.plugin';
import { currentInboxTransaction } from '../lib/postgres/inbox-transaction';
import { PostgresIdempotencyPlugin } from '../lib/postgres/postgres-idempotency.plugin';
import { PostgresInboxModule } from '../lib/postgres/postgres-inbox.module';
import { RedisIdempotencyPlugin } from '../lib/redis/redis-idempotency.plugin';
import { RedisInboxConnection, RedisInboxModule } from '../lib/redis/redis-inbox.module';
import { RedisInboxStrategy } from '../lib/redis/redis-inbox.strategy';
import {
  committedOffsets,
  config,
  EFFECTS_TABLE,
  FAST_FAILING_REDIS,
  sleep,
  testDataSource,
} from './addons-test-kit';

jest.setTimeout(90_000);

const Envelope = eventCatalog.addOnsAddOnEventsV1.envelope;
type AddOnEvent = DebeziumEvent<typeof Envelope>;
const prefix = `test-${randomUUID().slice(0, 8)}`;
const k = (name: string) => `${prefix}.${name}`;
const FAST_TUNING = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 10_000,
  maxWaitTimeMs: 100,
};

let kafka: Kafka;
let db: DataSource;
const apps: TestingModule[] = [];

/** The per-message Redis path, as a service would declare a plugin of its own. */
@Injectable()
class PerMessageRedisIdempotency extends UUIDIdempotencyPlugin {
  constructor(connection: RedisInboxConnection) {
    super(new RedisInboxStrategy(connection.client, { batched: false }));
  }
}

@Global()
@Module({})
class TestDatabaseModule {
  static of(dataSource: DataSource): DynamicModule {
    return {
      module: TestDatabaseModule,
      providers: [{ provide: DataSource, useValue: dataSource }],
      exports: [DataSource],
    };
  }
}

const KINDS = {
  'redis, batched': RedisIdempotencyPlugin,
  'redis, per message': PerMessageRedisIdempotency,
  postgres: PostgresIdempotencyPlugin,
} satisfies Record<string, Type<MessagePlugin>>;
type Kind = keyof typeof KINDS;

/** What the handlers did, by event uuid: attempts started and effects completed. */
const attempts = new Map<string, number>();
const effects: string[] = [];
const failFirstAttempt = new Set<string>();
let handlerDelayMs = 0;

function consumerOf(
  kind: Kind,
  name: string,
  options: { partitionsConsumedConcurrently?: number; retries?: number } = {},
) {
  @KafkaConsumer({
    groupId: name,
    topics: {
      [name]: { decoder: new DebeziumProtoDecoder(Envelope), plugins: [KINDS[kind]], deadLetter: null },
    },
    retries: options.retries ?? 3,
    initialBackoffMs: 20,
    maxBackoffMs: 100,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
  })
  @Injectable()
  class EventsConsumer {
    @OnKafkaEvent(name, 'add_on_enabled')
    async onEnabled(message: AddOnEvent): Promise<void> {
      const uuid = message.eventUuid;
      attempts.set(uuid, (attempts.get(uuid) ?? 0) + 1);
      if (kind === 'postgres') {
        // Written first, so that a failure shows it rolled back with the inbox row.
        await currentInboxTransaction().query(
          `INSERT INTO ${EFFECTS_TABLE} (event_uuid, note) VALUES ($1, $2)`,
          [uuid, name],
        );
      }
      await sleep(handlerDelayMs);
      if (failFirstAttempt.has(uuid) && attempts.get(uuid) === 1) throw new Error('first attempt fails');
      effects.push(uuid);
    }
  }
  return EventsConsumer;
}

async function startApp(consumer: Type, groupId: string): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      KafkaesqueModule.forRoot({
        connection: { brokers: [`127.0.0.1:9092`] },
        prefix,
        clientId: 'kafkaesque-addons-it',
        consumerDefaults: FAST_TUNING,
        readinessChecks: false,
        logLevel: 'nothing',
      }),
      RedisInboxModule.forRoot({ redis: FAST_FAILING_REDIS }),
      TestDatabaseModule.of(db),
      PostgresInboxModule.forRoot(),
    ],
    providers: [consumer, PerMessageRedisIdempotency],
  })
    .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
    .compile();
  await moduleRef.init();
  apps.push(moduleRef);
  await moduleRef.get(KafkaesqueHealth).whenJoined(groupId);
  return moduleRef;
}

async function closeApp(app: TestingModule): Promise<void> {
  apps.splice(apps.indexOf(app), 1);
  await app.close();
}

async function createTopic(name: string, numPartitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: k(name), numPartitions }] });
  } finally {
    await admin.disconnect();
  }
}

async function produce(topic: string, events: Array<{ uuid: string; partition?: number }>): Promise<void> {
  const producer = kafka.producer(kafkaProducerConfig());
  await producer.connect();
  try {
    await producer.send({
      topic: k(topic),
      acks: -1,
      messages: events.map(({ uuid, partition }) => ({
        key: 'provider-1',
        partition,
        headers: { id: uuid },
        value: debeziumRecordValue({
          uuid,
          eventType: 'add_on_enabled',
          payload: toBinary(
            Envelope,
            create(Envelope, {
              payload: {
                case: 'addOnEnabled',
                value: create(AddOnEnabledSchema, { providerId: 'provider-1' }),
              },
            }),
          ),
        }),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

function listen<T>(channel: string): { events: T[]; stop: () => void } {
  const events: T[] = [];
  const listener = (event: unknown) => events.push(event as T);
  diagnostics_channel.subscribe(channel, listener);
  return { events, stop: () => diagnostics_channel.unsubscribe(channel, listener) };
}

const count = (uuid: string) => effects.filter((e) => e === uuid).length;

async function effectRows(uuid: string): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ${EFFECTS_TABLE} WHERE event_uuid = $1`, [
    uuid,
  ]);
  return n;
}

/** Stops or starts the local Redis; a start also succeeds when Redis already answers (another suite started it). */
function redisService(command: 'start' | 'stop'): void {
  try {
    execFileSync('bash', [join(workspaceRoot(), 'infra/local/redis.sh'), command], { stdio: 'ignore' });
  } catch (error) {
    const answer =
      command === 'start' ? spawnSync('redis-cli', ['-p', String(config.redis.port), 'ping']).stdout : '';
    if (String(answer).trim() !== 'PONG') throw error;
  }
}

beforeAll(async () => {
  await ensureInfra(['redis', 'postgres', 'kafka']);
  kafka = localKafka('kafkaesque-addons-it');
  db = await testDataSource();
}, 10 * 60_000);

afterEach(() => {
  handlerDelayMs = 0;
  failFirstAttempt.clear();
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await db?.destroy();
  if (kafka) await deleteKafkaRun(kafka, prefix);
}, 60_000);

describe('UUIDIdempotencyPlugin with a consumer on the real broker', () => {
  it.each(Object.keys(KINDS) as Kind[])(
    '%s: an event delivered twice, and redelivered after an offset reset, has its effect once',
    async (kind) => {
      const name = `sequential-${kind.replace(/\W+/g, '-')}`;
      await createTopic(name);
      const [first, second] = [randomUUID(), randomUUID()];
      failFirstAttempt.add(first); // its claim is released, the retry runs the handler, then marks it done
      await produce(name, [{ uuid: first }, { uuid: first }, { uuid: second }]);
      const skipped = listen<InboxEvent>(KAFKAESQUE_ADDONS_CHANNELS.duplicateSkipped);
      try {
        let app = await startApp(consumerOf(kind, name), name);
        await eventuallyPasses(async () =>
          expect(await committedOffsets(kafka, k(name), k(name))).toEqual(['3']),
        );
        expect(attempts.get(first)).toBe(2);
        expect([count(first), count(second)]).toEqual([1, 1]);
        if (kind === 'postgres') expect([await effectRows(first), await effectRows(second)]).toEqual([1, 1]);
        expect(skipped.events.map((e) => e.offset)).toEqual(['1']);

        // Redelivery, as after a crash before the commit: every event is a skipped duplicate.
        await closeApp(app);
        const admin = kafka.admin();
        await admin.connect();
        await admin.resetOffsets({ groupId: k(name), topic: k(name), earliest: true });
        await admin.disconnect();
        app = await startApp(consumerOf(kind, name), name);
        await eventuallyPasses(() =>
          expect(skipped.events.map((e) => e.offset)).toEqual(['1', '0', '1', '2']),
        );
        await eventuallyPasses(async () =>
          expect(await committedOffsets(kafka, k(name), k(name))).toEqual(['3']),
        );
        expect([count(first), count(second), attempts.get(first)]).toEqual([1, 1, 2]);
        if (kind === 'postgres') expect([await effectRows(first), await effectRows(second)]).toEqual([1, 1]);
        await closeApp(app);
      } finally {
        skipped.stop();
      }
    },
  );

  it.each(['redis, batched', 'redis, per message', 'postgres'] as Kind[])(
    '%s: the same event on two partitions at once has its effect once',
    async (kind) => {
      const name = `concurrent-${kind.replace(/\W+/g, '-')}`;
      await createTopic(name, 2);
      const uuid = randomUUID();
      handlerDelayMs = 1_000;
      await produce(name, [
        { uuid, partition: 0 },
        { uuid, partition: 1 },
      ]);
      const held = listen<InboxEvent>(KAFKAESQUE_ADDONS_CHANNELS.claimHeld);
      const skipped = listen<InboxEvent>(KAFKAESQUE_ADDONS_CHANNELS.duplicateSkipped);
      try {
        const app = await startApp(
          consumerOf(kind, name, { partitionsConsumedConcurrently: 2, retries: 100 }),
          name,
        );
        await eventuallyPasses(async () =>
          expect(await committedOffsets(kafka, k(name), k(name))).toEqual(['1', '1']),
        );
        expect(count(uuid)).toBe(1);
        expect(attempts.get(uuid)).toBe(1);
        expect(skipped.events).toHaveLength(1);
        // Redis refuses the duplicate while the first runs (retried until done); Postgres makes it wait.
        if (kind !== 'postgres') expect(held.events.length).toBeGreaterThan(0);
        if (kind === 'postgres') expect(await effectRows(uuid)).toBe(1);
        await closeApp(app);
      } finally {
        held.stop();
        skipped.stop();
      }
    },
  );

  it('Redis down: the message is neither handled nor committed; once Redis is back it is processed once', async () => {
    const name = 'redis-outage';
    await createTopic(name);
    const [warmup, event] = [randomUUID(), randomUUID()];
    const retried = listen<MessageRetriedEvent>(KAFKAESQUE_CHANNELS.messageRetried);
    let app: TestingModule | undefined;
    try {
      app = await startApp(consumerOf('redis, batched', name, { retries: 1_000 }), name);
      await produce(name, [{ uuid: warmup }]);
      await eventuallyPasses(async () =>
        expect(await committedOffsets(kafka, k(name), k(name))).toEqual(['1']),
      );

      redisService('stop');
      await produce(name, [{ uuid: event }]);
      await eventuallyPasses(() => expect(retried.events.length).toBeGreaterThanOrEqual(5), 20_000);
      expect(retried.events.every((e) => e.error instanceof InboxUnavailableError)).toBe(true);
      expect(count(event)).toBe(0);
      expect(attempts.get(event)).toBeUndefined();
      expect(await committedOffsets(kafka, k(name), k(name))).toEqual(['1']);

      redisService('start');
      await eventuallyPasses(async () =>
        expect(await committedOffsets(kafka, k(name), k(name))).toEqual(['2']),
      );
      expect(count(event)).toBe(1);
      expect(attempts.get(event)).toBe(1);
      expect(app.get(KafkaesqueHealth).get(name).blocked).toEqual([]);
    } finally {
      redisService('start');
      retried.stop();
      if (app) await closeApp(app);
    }
  });
});
