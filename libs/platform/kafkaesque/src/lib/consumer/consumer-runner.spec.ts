import { Injectable, type Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Consumer, ConsumerRunConfig, EachBatchPayload, Kafka, OffsetsByTopicPartition } from 'kafkajs';
import { RawDecoder } from '../decoders/raw.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import type { CommitStrategy } from '../interfaces/consumer-options.interface';
import { KafkaesqueCatalog } from '../discovery/kafkaesque-catalog';
import { KafkaesqueHealth } from '../health/kafkaesque-health';
import { KafkaesqueModule } from '../kafkaesque.module';
import type { KafkaesqueProducer } from '../producer/kafkaesque.producer';
import { ConsumerRunner } from './consumer-runner';

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * kafkajs' client, the boundary the runner adapts, recording what the runner asks of it: the
 * eachBatch it registers, and commits that complete only when the test says so.
 */
function fakeKafka() {
  let eachBatch: ConsumerRunConfig['eachBatch'];
  const commits: Array<{ offsets: OffsetsByTopicPartition; done: ReturnType<typeof deferred> }> = [];
  const consumer = {
    events: { GROUP_JOIN: 'join', REBALANCING: 'rebalancing', CRASH: 'crash' },
    on: () => () => undefined,
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (config: ConsumerRunConfig) => void (eachBatch = config.eachBatch),
    disconnect: async () => undefined,
  } as unknown as Consumer;
  const kafka = {
    consumer: () => consumer,
    // requireDeadLetterTopics: no route here has a dead-letter topic, so nothing to find.
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => [],
    }),
  } as unknown as Kafka;
  /** One batch of `offsets` on `topic`[0], as kafkajs would hand it over. */
  const batch = (topic: string, offsets: string[]): EachBatchPayload => {
    const resolved: string[] = [];
    return {
      batch: {
        topic,
        partition: 0,
        highWatermark: String(Number(offsets.at(-1)) + 1),
        messages: offsets.map((offset) => ({
          offset,
          key: null,
          value: Buffer.from('x'),
          headers: {},
          timestamp: '0',
        })),
        firstOffset: () => offsets[0],
        lastOffset: () => offsets.at(-1) as string,
        offsetLag: () => '0',
        offsetLagLow: () => '0',
        isEmpty: () => false,
      },
      resolveOffset: (offset: string) => void resolved.push(offset),
      heartbeat: async () => undefined,
      pause: () => () => undefined,
      commitOffsetsIfNecessary: (offsets?: OffsetsByTopicPartition) => {
        const done = deferred();
        commits.push({ offsets: offsets as OffsetsByTopicPartition, done });
        return done.promise;
      },
      uncommittedOffsets: () => ({
        topics:
          resolved.length === 0
            ? []
            : [{ topic, partitions: [{ partition: 0, offset: String(Number(resolved.at(-1)) + 1) }] }],
      }),
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload;
  };
  return {
    kafka,
    commits,
    batch,
    eachBatch: (payload: EachBatchPayload) => (eachBatch as NonNullable<typeof eachBatch>)(payload),
  };
}

let strategy: CommitStrategy = 'sync';

// The runner on a fake kafkajs client (the real one is covered by the integration tests on the
// broker): what the commit strategies promise, and what a stop reports.
describe('ConsumerRunner', () => {
  const run = async (commitStrategy: CommitStrategy) => {
    strategy = commitStrategy;
    @KafkaConsumer({
      groupId: `runner-${commitStrategy}`,
      topics: { orders: { decoder: new RawDecoder(), deadLetter: null } },
      commitStrategy: strategy,
    })
    @Injectable()
    class OrdersConsumer {
      @OnKafkaMessage('orders')
      async handle(): Promise<void> {
        // settles every record
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting({ prefix: 'unit' })],
      providers: [OrdersConsumer],
    }).compile();
    await moduleRef.init();
    const definition = moduleRef.get(KafkaesqueCatalog).definition(`runner-${commitStrategy}`);
    const fake = fakeKafka();
    const lines: string[] = [];
    const logger = {
      log: (m: string) => lines.push(m),
      warn: () => undefined,
      error: () => undefined,
      debug: () => undefined,
    } as unknown as Logger;
    const runner = new ConsumerRunner(definition, {
      kafka: fake.kafka,
      producer: {} as KafkaesqueProducer,
      health: moduleRef.get(KafkaesqueHealth),
      logger,
    });
    await runner.start();
    return { fake, runner, lines, close: () => moduleRef.close() };
  };

  /** Whether `promise` settled within a few event-loop turns. */
  const settles = async (promise: Promise<unknown>) => {
    let settled = false;
    void promise.then(() => (settled = true));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    return settled;
  };

  it('sync: a batch ends only once its offsets are committed', async () => {
    const { fake, runner, close } = await run('sync');
    const batch = fake.eachBatch(fake.batch('unit.orders', ['0', '1']));
    expect(await settles(batch)).toBe(false);
    expect(fake.commits.map((c) => c.offsets)).toEqual([
      { topics: [{ topic: 'unit.orders', partitions: [{ partition: 0, offset: '2' }] }] },
    ]);
    fake.commits[0].done.resolve();
    expect(await settles(batch)).toBe(true);
    await runner.stop();
    await close();
  });

  it('async: a batch ends without waiting for its commit, commits stay in order, and a stop waits for them', async () => {
    const { fake, runner, lines, close } = await run('async');
    expect(await settles(fake.eachBatch(fake.batch('unit.orders', ['0', '1'])))).toBe(true);
    expect(await settles(fake.eachBatch(fake.batch('unit.orders', ['2'])))).toBe(true);
    // The second commit waits behind the first, which has not completed.
    expect(fake.commits).toHaveLength(1);
    fake.commits[0].done.resolve();
    await settles(Promise.resolve());
    expect(fake.commits.map((c) => c.offsets.topics[0].partitions[0].offset)).toEqual(['2', '3']);
    const stopping = runner.stop();
    expect(await settles(stopping)).toBe(false); // the last commit is still in flight
    fake.commits[1].done.resolve();
    await stopping;
    expect(lines.at(-1)).toBe(
      'Consumer unit.runner-async stopped and left its group; committed offsets (next to read) unit.orders[0]@3',
    );
    await close();
  });

  it('says when a stop had committed nothing', async () => {
    const { runner, lines, close } = await run('sync');
    await runner.stop();
    expect(lines.at(-1)).toBe(
      'Consumer unit.runner-sync stopped and left its group; committed nothing in this run',
    );
    await close();
  });
});
