import { randomUUID } from 'node:crypto';
import { Injectable, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { kafkaProducerConfig } from '@platform/config';
import { HeartbeatsModule, HeartbeatsRegistry } from '@platform/heartbeats';
import {
  KafkaConsumer,
  KafkaesqueHealth,
  KafkaesqueModule,
  OnKafkaMessage,
  RawDecoder,
  type MessageContext,
} from '@platform/kafkaesque';
import {
  deleteKafkaRun,
  ensureInfra,
  eventually,
  infraSettings,
  LocalUnleash,
  localKafka,
} from '@platform/testing';
import type { Kafka } from 'kafkajs';
import { FeatureFlagsModule } from '../lib/feature-flags.module';
import { ConsumerKillSwitchModule } from '../lib/kafkaesque/consumer-kill-switch.module';
import { killSwitchFlagName } from '../lib/kafkaesque/kill-switch-flag-name';

// Real Kafka, real Unleash: the flag is flipped through Unleash's admin API, as an operator
// would in its UI, and the app only learns of it by polling, as in production.
const run = randomUUID().slice(0, 8);
const prefix = `test-ks-${run}`;
const RUNNING_GROUP = `kill-switch-it-${run}.running`;
const KILLED_AT_BOOT_GROUP = `kill-switch-it-${run}.killed-at-boot`;
const PAUSE_BOUND_MS = 10_000;

/** Counts every handling of every message value, to tell lost and duplicated messages apart. */
class Handled {
  readonly counts = new Map<string, number>();
  add(value: string): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }
  get total(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }
}

@KafkaConsumer({
  groupId: RUNNING_GROUP,
  topics: { running: { decoder: new RawDecoder(), deadLetter: null } },
})
@Injectable()
class RunningConsumer extends Handled {
  @OnKafkaMessage('running')
  async handle(value: Buffer, _context: MessageContext): Promise<void> {
    this.add(value.toString());
  }
}

@KafkaConsumer({
  groupId: KILLED_AT_BOOT_GROUP,
  topics: { 'killed-at-boot': { decoder: new RawDecoder(), deadLetter: null } },
})
@Injectable()
class KilledAtBootConsumer extends Handled {
  @OnKafkaMessage('killed-at-boot')
  async handle(value: Buffer): Promise<void> {
    this.add(value.toString());
  }
}

const unleash = new LocalUnleash();
const settings = infraSettings();
let kafka: Kafka;
const apps: TestingModule[] = [];
const flags: string[] = [];

async function bootApp(consumer: Type<Handled>): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      HeartbeatsModule.forRoot(),
      KafkaesqueModule.forRoot({
        connection: { brokers: [`${settings.INFRA_HOST}:${settings.KAFKA_PORT}`] },
        prefix,
        clientId: 'kill-switch-it',
        createMissingTopics: { numPartitions: 2 },
        // A member that leaves is gone at once; fetches return within 100 ms.
        consumerDefaults: {
          sessionTimeoutMs: 6_000,
          heartbeatIntervalMs: 500,
          rebalanceTimeoutMs: 10_000,
          maxWaitTimeMs: 100,
        },
        readinessChecks: { warmupMs: 0 },
        logLevel: 'nothing',
      }),
      FeatureFlagsModule.forRoot({
        url: unleash.clientApiUrl,
        apiToken: unleash.clientToken,
        appName: 'kill-switch-it',
        refreshIntervalMs: 1_000, // the test config's interval
      }),
      ConsumerKillSwitchModule,
    ],
    providers: [consumer],
  })
    .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
    .compile();
  await moduleRef.init();
  apps.push(moduleRef);
  return moduleRef;
}

async function produce(topic: string, values: readonly string[]): Promise<void> {
  const producer = kafka.producer(kafkaProducerConfig());
  await producer.connect();
  try {
    await producer.send({
      topic: `${prefix}.${topic}`,
      acks: -1,
      messages: values.map((value) => ({ key: value, value })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Messages of the group still in Kafka: end offsets minus committed offsets. */
async function lag(groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({
      groupId: `${prefix}.${groupId}`,
      topics: [`${prefix}.${topic}`],
    });
    const ends = await admin.fetchTopicOffsets(`${prefix}.${topic}`);
    return ends.reduce((sum, end) => {
      const offset = Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      return sum + Number(end.high) - Math.max(0, offset);
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

const values = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `m-${from + i}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await ensureInfra(['kafka', 'unleash']);
  kafka = localKafka('kill-switch-it');
  for (const group of [RUNNING_GROUP, KILLED_AT_BOOT_GROUP]) {
    await unleash.createFlag(killSwitchFlagName(group), 'kill-switch');
    flags.push(killSwitchFlagName(group));
  }
}, 20 * 60_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await Promise.all(flags.map((flag) => unleash.deleteFlag(flag).catch(() => undefined)));
  if (kafka) await deleteKafkaRun(kafka, prefix);
}, 60_000);

describe('a consumer group’s kill switch (real Kafka and Unleash)', () => {
  it('pauses consumption within seconds of the flag turning on, and resumes with nothing lost or repeated', async () => {
    const app = await bootApp(RunningConsumer);
    const consumer = app.get(RunningConsumer);
    const health = app.get(KafkaesqueHealth);
    await health.whenJoined(RUNNING_GROUP, 60_000);

    await produce('running', values(0, 20));
    await eventually('the first 20 messages handled', async () => (consumer.total >= 20 ? true : undefined));

    const flippedOn = Date.now();
    await unleash.setEnabled(killSwitchFlagName(RUNNING_GROUP), true);
    await eventually(
      'the group paused',
      async () => (health.get(RUNNING_GROUP).state === 'paused' ? true : undefined),
      30_000,
      50,
    );
    const pauseMs = Date.now() - flippedOn;
    expect(pauseMs).toBeLessThan(PAUSE_BOUND_MS);

    // Paused on purpose: ready, saying why.
    const readiness = await app.get(HeartbeatsRegistry).report('readiness');
    expect(readiness.status).toBe('ok');
    expect(readiness.checks).toContainEqual(
      expect.objectContaining({
        name: `kafka-consumer:${RUNNING_GROUP}`,
        status: 'ok',
        details: expect.objectContaining({
          state: 'paused',
          reason: `kill switch ${killSwitchFlagName(RUNNING_GROUP)} is on`,
        }),
      }),
    );

    await produce('running', values(20, 40));
    await sleep(3_000);
    expect(consumer.total).toBe(20);
    expect(await lag(RUNNING_GROUP, 'running')).toBe(20);

    const flippedOff = Date.now();
    await unleash.setEnabled(killSwitchFlagName(RUNNING_GROUP), false);
    await eventually(
      'all 40 messages handled',
      async () => (consumer.total >= 40 ? true : undefined),
      30_000,
      50,
    );
    const resumeMs = Date.now() - flippedOff;
    await sleep(1_000); // time for a duplicate to show up, were there one
    expect([...consumer.counts.keys()].sort()).toEqual(values(0, 40).sort());
    expect([...consumer.counts.values()].every((n) => n === 1)).toBe(true);
    expect(await lag(RUNNING_GROUP, 'running')).toBe(0);
    console.info(
      `kill switch: paused ${pauseMs} ms after the flip, resumed (all handled) ${resumeMs} ms after the unflip`,
    );
  }, 120_000);

  it('keeps a group from ever starting when its switch is on at boot, and starts it once off', async () => {
    await unleash.setEnabled(killSwitchFlagName(KILLED_AT_BOOT_GROUP), true);
    await produce('killed-at-boot', values(0, 10));
    // The server publishes a change within a second; the app reads the server at boot.
    await sleep(1_500);
    const app = await bootApp(KilledAtBootConsumer);
    const consumer = app.get(KilledAtBootConsumer);
    const health = app.get(KafkaesqueHealth);

    await sleep(3_000);
    expect(health.get(KILLED_AT_BOOT_GROUP)).toMatchObject({ state: 'paused' });
    expect(health.get(KILLED_AT_BOOT_GROUP).firstJoinedAt).toBeUndefined();
    expect(consumer.total).toBe(0);

    await unleash.setEnabled(killSwitchFlagName(KILLED_AT_BOOT_GROUP), false);
    await eventually(
      'the 10 messages handled',
      async () => (consumer.total >= 10 ? true : undefined),
      30_000,
    );
    expect([...consumer.counts.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});
