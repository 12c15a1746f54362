import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JsonDecoder } from '../decoders/json.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import type { MessageBatch } from '../interfaces/message-batch.interface';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessagePlugin, NextFn } from '../interfaces/message-plugin.interface';
import { KafkaesqueModule } from '../kafkaesque.module';
import { KafkaesqueTestHarness } from '../testing/kafkaesque-test-harness';

const TOPIC = 'batched';
const log: string[] = [];
const batchesSeen: Array<MessageBatch | undefined> = [];
let decodes = 0;
let failBeforeCommit = false;
let failBatchStart = false;

/** Logs what it sees of batches, the way an inbox plugin would use the hooks. */
class BatchPlugin implements MessagePlugin<{ n: number }> {
  readonly name = 'BatchPlugin';

  async onBatchStart(batch: MessageBatch<{ n: number }>): Promise<void> {
    log.push(`start:${batch.messages.map((m) => (m.decodeFailed ? 'x' : m.decoded?.n)).join(',')}`);
    if (failBatchStart) throw new Error('look-ahead failed');
  }

  async handle(message: { n: number }, context: MessageContext, next: NextFn<{ n: number }>): Promise<void> {
    batchesSeen.push(context.batch);
    log.push(`handle:${message.n}`);
    await next();
  }

  async beforeCommit(batch: MessageBatch<{ n: number }>): Promise<void> {
    log.push(`beforeCommit:${batch.kafkaTopic}[${batch.partition}]`);
    if (failBeforeCommit) throw new Error('marks not written');
  }
}

@KafkaConsumer({
  groupId: 'hooks',
  topics: {
    [TOPIC]: {
      decoder: new JsonDecoder<{ n: number }>({
        validate: (value) => {
          decodes++;
          return value as { n: number };
        },
      }),
      plugins: [new BatchPlugin()],
      deadLetter: null,
    },
  },
})
@Injectable()
class HooksConsumer {
  @OnKafkaMessage(TOPIC)
  async handle(message: { n: number }): Promise<void> {
    if (message.n < 0) throw new Error('negative');
    log.push(`handler:${message.n}`);
  }
}

describe('plugin batch hooks, through KafkaesqueTestHarness.pushBatch', () => {
  let harness: KafkaesqueTestHarness;
  const record = (value: string) => ({ value, partition: 4 });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting({ prefix: 'unit' })],
      providers: [HooksConsumer],
    }).compile();
    harness = await KafkaesqueTestHarness.create(moduleRef);
  });

  afterAll(() => harness.close());

  beforeEach(() => {
    log.length = 0;
    batchesSeen.length = 0;
    decodes = 0;
    failBeforeCommit = false;
    failBatchStart = false;
  });

  it('decodes every record once, shows them to onBatchStart, gives each message the batch, then asks beforeCommit', async () => {
    const result = await harness.pushBatch(TOPIC, [record('{"n":1}'), record('{"n":2}')]);

    expect(log).toEqual([
      'start:1,2',
      'handle:1',
      'handler:1',
      'handle:2',
      'handler:2',
      'beforeCommit:unit.batched[4]',
    ]);
    expect(decodes).toBe(2);
    expect(batchesSeen[0]).toBeDefined();
    expect(batchesSeen[1]).toBe(batchesSeen[0]);
    expect(batchesSeen[0]).toMatchObject({
      groupId: 'hooks',
      kafkaGroupId: 'unit.hooks',
      topic: TOPIC,
      partition: 4,
    });
    expect(result).toMatchObject({ committed: true, batchStartErrors: [] });
    expect(result.results.map((r) => r.status)).toEqual(['handled', 'handled']);
  });

  it('marks a record its decoder rejects, which is then failed as a decode error', async () => {
    const result = await harness.pushBatch(TOPIC, [record('{"n":1}'), record('not json')]);

    expect(log[0]).toBe('start:1,x');
    expect(result.results.map((r) => r.status)).toEqual(['handled', 'failed']);
  });

  it('stops the batch at a message that blocks, and still asks beforeCommit for what was settled', async () => {
    const result = await harness.pushBatch(TOPIC, [record('{"n":-1}'), record('{"n":2}')]);

    expect(result.results.map((r) => r.status)).toEqual(['failed']);
    expect(log).toEqual(['start:-1,2', 'handle:-1', 'beforeCommit:unit.batched[4]']);
  });

  it('goes on when onBatchStart throws: the hooks prepare, handle decides', async () => {
    failBatchStart = true;
    const result = await harness.pushBatch(TOPIC, [record('{"n":1}')]);

    expect(result.batchStartErrors).toEqual([new Error('look-ahead failed')]);
    expect(result).toMatchObject({ committed: true, results: [{ status: 'handled' }] });
  });

  it('reports a batch whose beforeCommit throws as not committed', async () => {
    failBeforeCommit = true;
    const result = await harness.pushBatch(TOPIC, [record('{"n":1}')]);

    expect(result).toMatchObject({ committed: false, beforeCommitError: new Error('marks not written') });
  });

  it('runs no hook for single pushes, whose context has no batch', async () => {
    await harness.pushRaw(TOPIC, record('{"n":1}'));

    expect(log).toEqual(['handle:1', 'handler:1']);
    expect(batchesSeen).toEqual([undefined]);
  });

  it('skips the decoder for records pushed with their decoded value', async () => {
    const result = await harness.pushBatch(TOPIC, [{ decoded: { n: 7 }, partition: 4 }, record('{"n":8}')]);

    expect(decodes).toBe(1);
    expect(log[0]).toBe('start:7,8');
    expect(result.results.map((r) => r.status)).toEqual(['handled', 'handled']);
  });
});
