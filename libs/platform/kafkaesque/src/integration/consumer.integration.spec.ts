import { create, toBinary } from '@bufbuild/protobuf';
import { Injectable, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { HeartbeatsModule, HeartbeatsRegistry } from '@platform/heartbeats';
import { ensureInfra, workspaceRoot, deleteKafkaRun, eventuallyPasses } from '@platform/testing';
import { AddOnEnabledSchema, eventCatalog } from '@proto/contracts';
import { spawn } from 'node:child_process';
import diagnostics_channel from 'node:diagnostics_channel';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { DebeziumProtoDecoder, type DebeziumEvent } from '../lib/decoders/debezium-proto.decoder';
import { RawDecoder } from '../lib/decoders/raw.decoder';
import { KafkaConsumer } from '../lib/decorators/kafka-consumer.decorator';
import { OnKafkaEvent, OnKafkaMessage } from '../lib/decorators/on-kafka-message.decorator';
import { KAFKAESQUE_CHANNELS, type MessageRetriedEvent } from '../lib/events/kafkaesque.channels';
import { KafkaesqueHealth } from '../lib/health/kafkaesque-health';
import type { MessageContext } from '../lib/interfaces/message-context.interface';
import { KafkaesqueModule } from '../lib/kafkaesque.module';
import { OneOffConsumer } from '../lib/consumer/one-off-consumer';
import { NonRetriableError } from '../lib/errors/non-retriable.error';
import { replayDeadLetters, type ReplayProgress } from '../lib/tools/replay-dead-letters';
import { DLQ_HEADERS } from '../lib/processing/dead-letter-headers';
import { debeziumRecordValue } from '../lib/testing/debezium-record-value';
import {
  brokers,
  committedOffset,
  createTopics,
  FAST_TUNING,
  produce,
  readRecords,
  testKafka,
  uniquePrefix,
} from './kafka-test-kit';

jest.setTimeout(90_000);

const prefix = uniquePrefix();
const k = (name: string) => `${prefix}.${name}`;
let kafka: Kafka;
const apps: TestingModule[] = [];

async function startApp(providers: Type[], options: { autoStart?: boolean } = {}): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      HeartbeatsModule.forRoot(),
      KafkaesqueModule.forRoot({
        connection: { brokers: brokers() },
        prefix,
        clientId: 'kafkaesque-it',
        consumerDefaults: FAST_TUNING,
        readinessChecks: { warmupMs: 0 },
        logLevel: 'nothing',
        autoStart: options.autoStart,
      }),
    ],
    providers,
  })
    .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
    .compile();
  await moduleRef.init();
  apps.push(moduleRef);
  return moduleRef;
}

async function closeApp(moduleRef: TestingModule): Promise<void> {
  apps.splice(apps.indexOf(moduleRef), 1);
  await moduleRef.close();
}

beforeAll(async () => {
  await ensureInfra(['kafka']);
  kafka = testKafka();
}, 10 * 60_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  if (kafka) await deleteKafkaRun(kafka, prefix);
}, 60_000);

describe('kafkaesque on the real broker', () => {
  it.each(['sync', 'async'] as const)(
    'retries a handler that fails twice, runs it three times, then commits (%s)',
    async (commitStrategy) => {
      const topic = `retry-${commitStrategy}`;
      await createTopics(kafka, [k(topic)]);
      let calls = 0;
      @KafkaConsumer({
        groupId: topic,
        topics: { [topic]: { decoder: new RawDecoder(), deadLetter: null } },
        retries: 2,
        initialBackoffMs: 20,
        commitStrategy,
      })
      @Injectable()
      class RetryConsumer {
        @OnKafkaMessage(topic)
        async handle(): Promise<void> {
          calls++;
          if (calls < 3) throw new Error(`failure ${calls}`);
        }
      }
      await produce(kafka, k(topic), [{ key: 'a', value: 'one' }]);
      const app = await startApp([RetryConsumer]);

      await eventuallyPasses(async () => expect(await committedOffset(kafka, k(topic), k(topic))).toBe('1'));
      expect(calls).toBe(3);
      expect(app.get(KafkaesqueHealth).get(topic).blocked).toEqual([]);
      await closeApp(app);
    },
  );

  it('writes a message that always fails to the DLQ with its original bytes and all headers, and goes on', async () => {
    await createTopics(kafka, [k('orders'), k('orders.dlq')]);
    const handled: string[] = [];
    @KafkaConsumer({
      groupId: 'orders',
      topics: { orders: { decoder: new RawDecoder(), deadLetter: {} } },
      retries: 1,
      initialBackoffMs: 10,
    })
    @Injectable()
    class OrdersConsumer {
      @OnKafkaMessage('orders')
      async handle(value: Buffer | null, context: MessageContext): Promise<void> {
        if (value?.[0] === 0) throw new RangeError(`poison at ${context.offset}`);
        handled.push(value?.toString() ?? 'null');
      }
    }
    const poison = Buffer.from([0x00, 0x01, 0xfe, 0xff]);
    await produce(kafka, k('orders'), [
      { key: 'key-0', value: poison, headers: { trace_context: 'span-1', binary: Buffer.from([0xff]) } },
      { key: 'key-1', value: 'fine' },
    ]);
    const app = await startApp([OrdersConsumer]);

    await eventuallyPasses(async () =>
      expect(await committedOffset(kafka, k('orders'), k('orders'))).toBe('2'),
    );
    expect(handled).toEqual(['fine']);
    const [dead] = await readRecords(kafka, k('orders.dlq'), 1);
    expect(dead.key).toEqual(Buffer.from('key-0'));
    expect(dead.value).toEqual(poison);
    const headers = Object.fromEntries(
      Object.entries(dead.headers ?? {}).map(([name, v]) => [name, (v as Buffer).toString('latin1')]),
    );
    expect(headers).toEqual({
      trace_context: 'span-1',
      binary: '\xff',
      [DLQ_HEADERS.sourceTopic]: k('orders'),
      [DLQ_HEADERS.sourcePartition]: '0',
      [DLQ_HEADERS.sourceOffset]: '0',
      [DLQ_HEADERS.sourceTimestamp]: expect.stringMatching(/^\d{13}$/),
      [DLQ_HEADERS.consumerGroup]: k('orders'),
      [DLQ_HEADERS.errorClass]: 'RangeError',
      [DLQ_HEADERS.errorMessage]: 'poison at 0',
      [DLQ_HEADERS.errorStack]: expect.stringContaining('RangeError: poison at 0'),
      [DLQ_HEADERS.attempts]: '2',
      [DLQ_HEADERS.failedAt]: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    await closeApp(app);
  });

  it('sends a malformed Debezium record to the DLQ without retrying it', async () => {
    const Envelope = eventCatalog.addOnsAddOnEventsV1.envelope;
    await createTopics(kafka, [k('add-ons.add-on-events-v1'), k('add-ons.add-on-events-v1.dlq')]);
    const providers: string[] = [];
    const retried: MessageRetriedEvent[] = [];
    const onRetry = (event: unknown) => {
      if ((event as MessageRetriedEvent).groupId === 'add_on_events')
        retried.push(event as MessageRetriedEvent);
    };
    diagnostics_channel.subscribe(KAFKAESQUE_CHANNELS.messageRetried, onRetry);

    @KafkaConsumer({
      groupId: 'add_on_events',
      topics: { 'add-ons.add-on-events-v1': { decoder: new DebeziumProtoDecoder(Envelope), deadLetter: {} } },
      retries: 3,
      initialBackoffMs: 10,
    })
    @Injectable()
    class AddOnEventsConsumer {
      @OnKafkaEvent('add-ons.add-on-events-v1', 'add_on_enabled')
      async onEnabled(message: DebeziumEvent<typeof Envelope>): Promise<void> {
        providers.push((message.eventData as { providerId: string }).providerId);
      }
    }
    const envelope = create(Envelope, {
      payload: { case: 'addOnEnabled', value: create(AddOnEnabledSchema, { providerId: 'p-1' }) },
    });
    await produce(kafka, k('add-ons.add-on-events-v1'), [
      { key: 'p-0', value: '{"uuid": "u-0", "event_type": "add_on_enabled", "payload": "%%%"' },
      {
        key: 'p-1',
        value: debeziumRecordValue({
          uuid: 'u-1',
          eventType: 'add_on_enabled',
          payload: toBinary(Envelope, envelope),
        }),
      },
    ]);
    try {
      const app = await startApp([AddOnEventsConsumer]);
      await eventuallyPasses(async () =>
        expect(await committedOffset(kafka, k('add_on_events'), k('add-ons.add-on-events-v1'))).toBe('2'),
      );
      expect(providers).toEqual(['p-1']);
      const [dead] = await readRecords(kafka, k('add-ons.add-on-events-v1.dlq'), 1);
      expect(dead.value?.toString()).toBe('{"uuid": "u-0", "event_type": "add_on_enabled", "payload": "%%%"');
      expect(dead.headers?.[DLQ_HEADERS.errorClass]?.toString()).toBe('DecodeError');
      expect(dead.headers?.[DLQ_HEADERS.attempts]?.toString()).toBe('1');
      expect(retried).toEqual([]);
      await closeApp(app);
    } finally {
      diagnostics_channel.unsubscribe(KAFKAESQUE_CHANNELS.messageRetried, onRetry);
    }
  });

  it('without a DLQ, blocks the partition at the failing message, commits nothing past it, and turns unhealthy', async () => {
    await createTopics(kafka, [k('payments')], 2);
    const handled: string[] = [];
    @KafkaConsumer({
      groupId: 'payments',
      topics: { payments: { decoder: new RawDecoder(), deadLetter: null } },
      retries: 1,
      initialBackoffMs: 10,
    })
    @Injectable()
    class PaymentsConsumer {
      @OnKafkaMessage('payments')
      async handle(value: Buffer | null, context: MessageContext): Promise<void> {
        if (value?.toString() === 'bad') throw new Error('cannot settle payment');
        handled.push(`${context.partition}:${value?.toString()}`);
      }
    }
    await produce(kafka, k('payments'), [
      { value: 'good-before', partition: 0 },
      { value: 'bad', partition: 0 },
      { value: 'good-after', partition: 0 },
      { value: 'other-partition', partition: 1 },
    ]);
    const app = await startApp([PaymentsConsumer]);
    const health = app.get(KafkaesqueHealth);

    const [blocked] = await eventuallyPasses(() => {
      const { blocked } = health.get('payments');
      expect(blocked).toHaveLength(1);
      return blocked;
    });
    expect(blocked).toMatchObject({ topic: k('payments'), partition: 0, offset: '1' });
    expect(blocked.reason).toMatch(
      /offset 1 failed after 2 attempt\(s\) and the topic has no dead-letter topic: cannot settle payment/,
    );
    // The other partition goes on and commits, so commits do happen: just not past the bad message.
    await eventuallyPasses(async () =>
      expect(await committedOffset(kafka, k('payments'), k('payments'), 1)).toBe('1'),
    );
    await eventuallyPasses(async () =>
      expect(await committedOffset(kafka, k('payments'), k('payments'), 0)).toBe('1'),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await committedOffset(kafka, k('payments'), k('payments'), 0)).toBe('1');
    expect(handled.sort()).toEqual(['0:good-before', '1:other-partition']);

    const report = await app.get(HeartbeatsRegistry).report('readiness');
    expect(report.status).toBe('unhealthy');
    expect(report.checks).toEqual([
      expect.objectContaining({
        name: 'kafka-consumer:payments',
        status: 'unhealthy',
        reason: expect.stringContaining(`${k('payments')}[0] blocked at offset 1`),
      }),
    ]);
    await closeApp(app);
  });

  it('does not start a group whose dead-letter topic is missing: readiness names it, and it starts once it exists', async () => {
    // Production options (no createMissingTopics): the source topic is there, its .dlq is not.
    await createTopics(kafka, [k('no-dlq')]);
    const handled: string[] = [];
    @KafkaConsumer({ groupId: 'no-dlq', topics: { 'no-dlq': { decoder: new RawDecoder(), deadLetter: {} } } })
    @Injectable()
    class NoDeadLetterTopicConsumer {
      @OnKafkaMessage('no-dlq')
      async handle(value: Buffer | null): Promise<void> {
        handled.push(value?.toString() ?? 'null');
      }
    }
    await produce(kafka, k('no-dlq'), [{ value: 'waits' }]);
    const app = await startApp([NoDeadLetterTopicConsumer]);
    const missing = `dead-letter topic ${k('no-dlq.dlq')} of consumer ${k('no-dlq')} does not exist`;
    const report = await eventuallyPasses(async () => {
      const r = await app.get(HeartbeatsRegistry).report('readiness');
      expect(r.checks).toEqual([
        expect.objectContaining({
          name: 'kafka-consumer:no-dlq',
          status: 'unhealthy',
          reason: expect.stringContaining(missing),
        }),
      ]);
      return r;
    });
    expect(report.status).toBe('unhealthy');
    expect(app.get(KafkaesqueHealth).get('no-dlq').state).toBe('crashed');
    // Nothing was consumed meanwhile: no partition was fetched, so none can block.
    expect(handled).toEqual([]);
    expect(await committedOffset(kafka, k('no-dlq'), k('no-dlq'))).toBe('-1');

    await createTopics(kafka, [k('no-dlq.dlq')]); // provisioned: the retry with backoff picks it up
    await eventuallyPasses(() => expect(handled).toEqual(['waits']), 45_000);
    await app.get(KafkaesqueHealth).whenJoined('no-dlq', 10_000);
    expect((await app.get(HeartbeatsRegistry).report('readiness')).status).toBe('ok');
    await closeApp(app);
  });

  it('abandons a pending retry on graceful shutdown without committing it, and redelivers it after restart', async () => {
    await createTopics(kafka, [k('shutdown')]);
    let failFirst = true;
    const attempts: number[] = [];
    @KafkaConsumer({
      groupId: 'shutdown',
      topics: { shutdown: { decoder: new RawDecoder(), deadLetter: null } },
      retries: 5,
      initialBackoffMs: 60_000,
    })
    @Injectable()
    class ShutdownConsumer {
      @OnKafkaMessage('shutdown')
      async handle(_value: Buffer | null, context: MessageContext): Promise<void> {
        attempts.push(context.attempt);
        if (failFirst) throw new Error('down for now');
      }
    }
    await produce(kafka, k('shutdown'), [{ value: 'work' }]);
    const first = await startApp([ShutdownConsumer]);
    await eventuallyPasses(() => expect(attempts).toEqual([1]));
    await closeApp(first); // returns without waiting out the 60 s backoff
    expect(await committedOffset(kafka, k('shutdown'), k('shutdown'))).toBe('-1');

    failFirst = false;
    const second = await startApp([ShutdownConsumer]);
    await eventuallyPasses(async () =>
      expect(await committedOffset(kafka, k('shutdown'), k('shutdown'))).toBe('1'),
    );
    expect(attempts).toEqual([1, 1]);
    await closeApp(second);
  });

  it('keeps every message through rebalances as members join and leave the group', async () => {
    const topic = 'rebalanced';
    await createTopics(kafka, [k(topic)], 2);
    const seen = new Map<string, number>();
    @KafkaConsumer({ groupId: topic, topics: { [topic]: { decoder: new RawDecoder(), deadLetter: null } } })
    @Injectable()
    class RebalancedConsumer {
      @OnKafkaMessage(topic)
      async handle(value: Buffer | null): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const key = value?.toString() ?? '';
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    const batch = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({ value: `m${from + i}`, partition: (from + i) % 2 }));
    const committed = async (offset: string) => {
      expect(await committedOffset(kafka, k(topic), k(topic), 0)).toBe(offset);
      expect(await committedOffset(kafka, k(topic), k(topic), 1)).toBe(offset);
    };

    const first = await startApp([RebalancedConsumer]);
    await produce(kafka, k(topic), batch(0, 40));
    const second = await startApp([RebalancedConsumer]); // joins while the first one consumes
    await produce(kafka, k(topic), batch(40, 80));
    const assigned = (app: TestingModule) => app.get(KafkaesqueHealth).get(topic).assignment[k(topic)] ?? [];
    await eventuallyPasses(() => {
      expect(assigned(first)).toHaveLength(1);
      expect(assigned(second)).toHaveLength(1);
    });
    await eventuallyPasses(() => committed('40'));
    await closeApp(first); // leaves: the second one takes both partitions
    await eventuallyPasses(() => expect(assigned(second)).toEqual([0, 1]));
    await produce(kafka, k(topic), batch(80, 100));
    await eventuallyPasses(() => committed('50'));

    expect([...seen.keys()].sort()).toEqual(
      batch(0, 100)
        .map((m) => m.value)
        .sort(),
    );
    await closeApp(second);
  });

  it('replays dead letters byte for byte to their source partition, once the consumer is fixed', async () => {
    const topic = 'invoices';
    await createTopics(kafka, [k(topic), k(`${topic}.dlq`)], 2);
    let broken = true;
    const handled: Array<{ partition: number; key: string; value: string; headers: Record<string, string> }> =
      [];
    @KafkaConsumer({ groupId: topic, topics: { [topic]: { decoder: new RawDecoder(), deadLetter: {} } } })
    @Injectable()
    class InvoicesConsumer {
      @OnKafkaMessage(topic)
      async handle(value: Buffer | null, context: MessageContext): Promise<void> {
        if (broken) throw new NonRetriableError('invoice service is broken');
        const headers = Object.fromEntries(
          Object.entries(context.record.headers).map(([n, v]) => [n, String(v)]),
        );
        handled.push({
          partition: context.partition,
          key: String(context.record.key),
          value: String(value),
          headers,
        });
      }
    }
    const originals = [
      { key: 'a', value: 'invoice-a', partition: 1, headers: { trace_context: 't-a' } },
      { key: 'b', value: 'invoice-b', partition: 0, headers: { trace_context: 't-b' } },
      { key: 'c', value: 'invoice-c', partition: 1, headers: { trace_context: 't-c' } },
    ];
    await produce(kafka, k(topic), originals);
    const app = await startApp([InvoicesConsumer]);
    await eventuallyPasses(async () => {
      expect(await committedOffset(kafka, k(topic), k(topic), 0)).toBe('1');
      expect(await committedOffset(kafka, k(topic), k(topic), 1)).toBe('2');
    });
    expect(handled).toEqual([]);

    broken = false;
    const progress: ReplayProgress[] = [];
    const result = await replayDeadLetters({
      kafka,
      deadLetterTopic: k(`${topic}.dlq`),
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ replayed: 3, skipped: 0, total: 3 });
    expect(progress.map((p) => p.replayed)).toEqual([0, 1, 2, 3]);

    await eventuallyPasses(() => expect(handled).toHaveLength(3));
    expect(handled.sort((x, y) => x.key.localeCompare(y.key))).toEqual(
      originals.map((o) => ({ partition: o.partition, key: o.key, value: o.value, headers: o.headers })),
    );
    // A second run finds nothing new: the replay group remembers where it stopped.
    expect(await replayDeadLetters({ kafka, deadLetterTopic: k(`${topic}.dlq`) })).toEqual({
      replayed: 0,
      skipped: 0,
      total: 0,
    });
    await closeApp(app);
  });

  it('runs a one-off consumer over a topic from the earliest offset and stops when idle', async () => {
    const topic = 'backfill';
    await createTopics(kafka, [k(topic)]);
    const values: string[] = [];
    @KafkaConsumer({ groupId: topic, topics: { [topic]: { decoder: new RawDecoder(), deadLetter: null } } })
    @Injectable()
    class BackfillConsumer {
      @OnKafkaMessage(topic)
      async handle(value: Buffer | null): Promise<void> {
        values.push(String(value));
      }
    }
    await produce(
      kafka,
      k(topic),
      ['1', '2', '3'].map((value) => ({ value })),
    );
    const app = await startApp([BackfillConsumer], { autoStart: false });
    const oneOff = app.get(OneOffConsumer);

    const first = await oneOff.run(topic, { idleMs: 1_000 });
    expect(first.counts).toMatchObject({ handled: 3, failed: 0 });
    expect(first.kafkaGroupId).toMatch(new RegExp(`^${k(topic)}\\.one-off-\\d+$`));
    const second = await oneOff.run(topic, { idleMs: 1_000 });
    expect(second.counts.handled).toBe(3);
    expect(values).toEqual(['1', '2', '3', '1', '2', '3']);
    expect(await committedOffset(kafka, k(topic), k(topic))).toBe('-1'); // the declared group never ran
    await closeApp(app);
  });

  it('after a kill mid-batch, a restarted consumer reprocesses every uncommitted message: nothing is lost', async () => {
    const topic = 'killed';
    await createTopics(kafka, [k(topic)]);
    const count = 20;
    await produce(
      kafka,
      k(topic),
      Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    );

    const script = join(__dirname, 'slow-consumer.main.ts');
    const child = spawn(
      process.execPath,
      ['-r', join(workspaceRoot(), 'tools/testing/register.js'), script, prefix, topic, topic],
      {
        cwd: workspaceRoot(),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const firstRun: string[] = [];
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the consumer process exited early (${code})`)));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          const match = /^handled (\d+)$/.exec(line);
          if (match) firstRun.push(match[1]);
        }
        if (firstRun.length >= 5) resolve();
      });
    });
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(firstRun.length).toBeLessThan(count); // killed mid-batch

    const committedAtKill = Number(await committedOffset(kafka, k(topic), k(topic)));
    const secondRun: string[] = [];
    @KafkaConsumer({ groupId: topic, topics: { [topic]: { decoder: new RawDecoder(), deadLetter: null } } })
    @Injectable()
    class RestartedConsumer {
      @OnKafkaMessage(topic)
      async handle(_value: Buffer | null, context: MessageContext): Promise<void> {
        secondRun.push(context.offset);
      }
    }
    const app = await startApp([RestartedConsumer]);
    await eventuallyPasses(
      async () => expect(await committedOffset(kafka, k(topic), k(topic))).toBe(String(count)),
      60_000,
    );

    const all = Array.from({ length: count }, (_, i) => String(i));
    expect(new Set([...firstRun, ...secondRun])).toEqual(new Set(all));
    // Everything after the last commit ran again, including what the killed process had done.
    const fromCommit = all.slice(Math.max(committedAtKill, 0));
    expect(secondRun).toEqual(fromCommit);
    expect(fromCommit).toEqual(expect.arrayContaining(firstRun.filter((o) => Number(o) >= committedAtKill)));
    await closeApp(app);
  });
});
