import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ensureInfra, deleteKafkaRun, eventuallyPasses } from '@platform/testing';
import type { Kafka } from 'kafkajs';
import { JsonDecoder } from '../lib/decoders/json.decoder';
import { KafkaConsumer } from '../lib/decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../lib/decorators/on-kafka-message.decorator';
import type { MessageBatch } from '../lib/interfaces/message-batch.interface';
import type { MessageContext } from '../lib/interfaces/message-context.interface';
import type { MessagePlugin, NextFn } from '../lib/interfaces/message-plugin.interface';
import { KafkaesqueModule } from '../lib/kafkaesque.module';
import {
  brokers,
  committedOffset,
  createTopics,
  FAST_TUNING,
  produce,
  testKafka,
  uniquePrefix,
} from './kafka-test-kit';

jest.setTimeout(90_000);

const prefix = uniquePrefix();
const k = (name: string) => `${prefix}.${name}`;
let kafka: Kafka;
let app: TestingModule | undefined;

beforeAll(async () => {
  await ensureInfra(['kafka']);
  kafka = testKafka();
}, 10 * 60_000);

afterAll(async () => {
  await app?.close();
  if (kafka) await deleteKafkaRun(kafka, prefix);
}, 60_000);

describe('plugin batch hooks on the real broker', () => {
  it('run around each fetched batch; a beforeCommit that throws keeps the batch uncommitted and it is processed again', async () => {
    const topic = 'hooked';
    await createTopics(kafka, [k(topic)]);
    const log: string[] = [];
    const committedAtHook: string[] = [];
    let refusals = 1;

    class HookPlugin implements MessagePlugin<{ n: number }> {
      async onBatchStart(batch: MessageBatch<{ n: number }>): Promise<void> {
        log.push(`start:${batch.messages.map((m) => m.decoded?.n).join(',')}`);
      }
      async handle(
        message: { n: number },
        context: MessageContext,
        next: NextFn<{ n: number }>,
      ): Promise<void> {
        if (!context.batch) throw new Error('the consumer gives every message its batch');
        await next();
      }
      async beforeCommit(): Promise<void> {
        committedAtHook.push(await committedOffset(kafka, k(topic), k(topic)));
        if (refusals-- > 0) throw new Error('not now');
      }
    }

    @KafkaConsumer({
      groupId: topic,
      topics: {
        [topic]: { decoder: new JsonDecoder<{ n: number }>(), plugins: [new HookPlugin()], deadLetter: null },
      },
    })
    @Injectable()
    class HookedConsumer {
      @OnKafkaMessage(topic)
      async handle(message: { n: number }): Promise<void> {
        log.push(`handler:${message.n}`);
      }
    }

    await produce(kafka, k(topic), [
      { key: 'a', value: '{"n":1}' },
      { key: 'a', value: '{"n":2}' },
    ]);
    app = await Test.createTestingModule({
      imports: [
        KafkaesqueModule.forRoot({
          connection: { brokers: brokers() },
          prefix,
          clientId: 'kafkaesque-it',
          consumerDefaults: FAST_TUNING,
          readinessChecks: false,
          logLevel: 'nothing',
        }),
      ],
      providers: [HookedConsumer],
    })
      .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
      .compile();
    await app.init();

    await eventuallyPasses(async () => expect(await committedOffset(kafka, k(topic), k(topic))).toBe('2'));
    // The first batch was refused before any commit, so its first message came again.
    expect(committedAtHook[0]).toBe('-1');
    expect(log.filter((line) => line === 'handler:1')).toHaveLength(2);
    expect(log[0]).toMatch(/^start:1/);
    expect(log.indexOf('handler:1')).toBeGreaterThan(0);
  });
});
