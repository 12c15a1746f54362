import diagnostics_channel from 'node:diagnostics_channel';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { KafkaesqueCatalog } from '../discovery/kafkaesque-catalog';
import { JsonDecoder } from '../decoders/json.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import type { ConsumerDefinition, TopicRoute } from '../discovery/consumer-definition';
import type { MessageBatch } from '../interfaces/message-batch.interface';
import type { MessagePlugin, NextFn } from '../interfaces/message-plugin.interface';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { KAFKAESQUE_CHANNELS } from '../events/kafkaesque.channels';
import { KafkaesqueModule } from '../kafkaesque.module';
import { runPartitionBatch, type PartitionPipelineDeps } from './partition-pipeline';

type N = { n: number };
let failBeforeCommit = false;
const seenBatches: Array<MessageBatch | undefined> = [];

class CountingHooks implements MessagePlugin<N> {
  readonly name = 'CountingHooks';
  async onBatchStart(): Promise<void> {
    // only its presence matters: it makes the route batch-hooked
  }
  handle(_m: N, context: MessageContext, next: NextFn<N>): Promise<void> {
    seenBatches.push(context.batch);
    return next();
  }
  async beforeCommit(_batch: MessageBatch<N>): Promise<void> {
    if (failBeforeCommit) throw new Error('not flushed');
  }
}

const handling = (message: N) => {
  if (message.n < 0) throw new Error('negative');
};

@KafkaConsumer({
  groupId: 'pipeline',
  topics: {
    plain: { decoder: new JsonDecoder<N>(), deadLetter: null },
    hooked: { decoder: new JsonDecoder<N>(), plugins: [new CountingHooks()], deadLetter: null },
    dlq: { decoder: new JsonDecoder<N>(), deadLetter: {} },
  },
  retries: 0,
})
@Injectable()
class PipelineConsumer {
  @OnKafkaMessage('plain')
  async plain(message: N): Promise<void> {
    handling(message);
  }
  @OnKafkaMessage('hooked')
  async hooked(message: N): Promise<void> {
    handling(message);
  }
  @OnKafkaMessage('dlq')
  async dlq(message: N): Promise<void> {
    handling(message);
  }
}

// The pipeline on its own, as the runner drives it: which offsets it settles, and when.
describe('runPartitionBatch', () => {
  let moduleRef: TestingModule;
  let definition: ConsumerDefinition;
  const route = (topic: string) => definition.routes.get(`unit.${topic}`) as TopicRoute;
  const records = (topic: string, ...values: number[]) =>
    values.map((n, i) => ({
      record: {
        topic: `unit.${topic}`,
        partition: 0,
        offset: String(10 + i),
        key: null,
        value: Buffer.from(JSON.stringify({ n })),
        headers: {},
        timestamp: '0',
      } satisfies RawRecord,
    }));
  const run = (topic: string, values: number[], overrides: Partial<PartitionPipelineDeps> = {}) => {
    const settled: string[] = [];
    const deadLetters: string[] = [];
    const done = runPartitionBatch(definition, route(topic), 0, records(topic, ...values), {
      signal: new AbortController().signal,
      sleep: async () => undefined,
      publishDeadLetter: async (record) => void deadLetters.push(record.topic),
      now: () => new Date(0),
      keepGoing: () => true,
      settle: (offset) => settled.push(offset),
      ...overrides,
    });
    return done.then((result) => ({ result, settled, deadLetters }));
  };

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting({ prefix: 'unit' })],
      providers: [PipelineConsumer],
    }).compile();
    await moduleRef.init();
    definition = moduleRef.get(KafkaesqueCatalog).definition('pipeline');
  });

  afterAll(() => moduleRef.close());
  beforeEach(() => (failBeforeCommit = false));

  it('without batch hooks settles each record as soon as it is settled, and stops at one that blocks', async () => {
    const { result, settled } = await run('plain', [1, 2, -3, 4]);
    expect(settled).toEqual(['10', '11']);
    expect(result.outcomes.map((o) => o.outcome.status)).toEqual(['handled', 'handled', 'failed']);
    expect(result.blocked?.record.offset).toBe('12');
    expect(result.blocked?.outcome.reason).toContain('unit.plain[0] offset 12 failed after 1 attempt(s)');
  });

  it('settles a dead-lettered record like a handled one, and goes on', async () => {
    const { result, settled, deadLetters } = await run('dlq', [1, -2, 3]);
    expect(settled).toEqual(['10', '11', '12']);
    expect(deadLetters).toEqual(['unit.dlq.dlq']);
    expect(result.blocked).toBeUndefined();
  });

  it('with batch hooks settles once, the last settled offset, after beforeCommit agreed', async () => {
    seenBatches.length = 0;
    const { settled } = await run('hooked', [1, 2, -3, 4]);
    expect(settled).toEqual(['11']);
    expect(seenBatches).toHaveLength(3);
    expect(seenBatches[0]).toMatchObject({ kafkaTopic: 'unit.hooked', partition: 0 });
    expect(new Set(seenBatches).size).toBe(1); // one batch object for all its messages
  });

  it('settles nothing of a batch whose beforeCommit throws', async () => {
    failBeforeCommit = true;
    const failures: string[] = [];
    const { result, settled } = await run('hooked', [1, 2], {
      onHookFailure: (hook, failure) => failures.push(`${hook}:${failure.plugin}`),
    });
    expect(settled).toEqual([]);
    expect(result.beforeCommitFailure?.error).toEqual(new Error('not flushed'));
    expect(failures).toEqual(['beforeCommit:CountingHooks']);
  });

  it('stops before the next record when keepGoing says so (a stop, a rebalance)', async () => {
    let calls = 0;
    const { result, settled } = await run('plain', [1, 2, 3], { keepGoing: () => calls++ < 2 });
    expect(result.outcomes).toHaveLength(2);
    expect(settled).toEqual(['10', '11']);
  });

  it('runs no hook and gives no context.batch with batchHooks off (single harness pushes)', async () => {
    const settled: string[] = [];
    seenBatches.length = 0;
    await runPartitionBatch(
      definition,
      route('hooked'),
      0,
      records('hooked', 1, 2),
      {
        signal: new AbortController().signal,
        sleep: async () => undefined,
        publishDeadLetter: async () => undefined,
        now: () => new Date(0),
        keepGoing: () => true,
        settle: (offset) => settled.push(offset),
      },
      { batchHooks: false },
    );
    expect(settled).toEqual(['10', '11']); // per record, as without hooks
    expect(seenBatches).toEqual([undefined, undefined]);
  });

  /** Every event published on the named channels while `fn` runs, as `[channel, event]`. */
  const published = async (names: string[], fn: () => Promise<unknown>) => {
    const seen: Array<[string, Record<string, unknown>]> = [];
    const listeners = names.map((name) => {
      const listener = (event: unknown) => void seen.push([name, event as Record<string, unknown>]);
      diagnostics_channel.subscribe(name, listener);
      return () => diagnostics_channel.unsubscribe(name, listener);
    });
    try {
      await fn();
    } finally {
      listeners.forEach((off) => off());
    }
    return seen;
  };
  const { batchStart, batchStop, batchException, messageDecoded } = KAFKAESQUE_CHANNELS;

  it('publishes batch start, each decoded record and batch stop with the outcomes', async () => {
    const seen = await published([batchStart, batchStop, messageDecoded], () => run('plain', [1, -2, 3]));
    expect(seen.map(([name]) => name)).toEqual([batchStart, messageDecoded, messageDecoded, batchStop]);
    const where = {
      groupId: 'pipeline',
      kafkaGroupId: 'unit.pipeline',
      topic: 'plain',
      kafkaTopic: 'unit.plain',
      partition: 0,
    };
    expect(seen[0][1]).toEqual({ ...where, messages: 3, firstOffset: '10' });
    expect(seen[1][1]).toMatchObject({ ...where, offset: '10' });
    expect(seen[3][1]).toMatchObject({
      ...where,
      outcomes: { handled: 1, failed: 1 },
      blocked: true,
      settled: true,
      durationMs: expect.any(Number),
    });
  });

  it('publishes a batch exception when beforeCommit throws, and the stop as not settled', async () => {
    failBeforeCommit = true;
    const seen = await published([batchException, batchStop], () => run('hooked', [1]));
    expect(seen.map(([name]) => name)).toEqual([batchException, batchStop]);
    expect(seen[0][1]).toMatchObject({
      kafkaTopic: 'unit.hooked',
      hook: 'beforeCommit',
      plugin: 'CountingHooks',
      error: new Error('not flushed'),
    });
    expect(seen[1][1]).toMatchObject({ outcomes: { handled: 1 }, blocked: false, settled: false });
  });
});
