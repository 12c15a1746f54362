import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JsonDecoder } from '../decoders/json.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import { KAFKAESQUE_CHANNELS, type BatchFetchedEvent } from '../events/kafkaesque.channels';
import { type MessageContext } from '../interfaces/message-context.interface';
import { KafkaesqueModule } from '../kafkaesque.module';
import { KafkaesqueTestHarness } from '../testing/kafkaesque-test-harness';
import diagnosticsChannel from 'node:diagnostics_channel';
import { METRICS, type Metrics } from '@platform/monitor';
import { MonitorModule } from '@platform/monitor';
import { KafkaesqueMetricsSubscriber, subscribeKafkaesqueMetrics } from './kafkaesque-metrics';

type Call = [kind: string, name: string, value: number | undefined, tags: unknown];

function fakeMetrics(): Metrics & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    increment: (name, value, tags) => void calls.push(['increment', name, value, tags]),
    histogram: (name, value, tags) => void calls.push(['histogram', name, value, tags]),
    gauge: (name, value, tags) => void calls.push(['gauge', name, value, tags]),
  };
}

let failUntilAttempt = 0;

@KafkaConsumer({
  groupId: 'metrics.spec',
  topics: {
    events: { decoder: new JsonDecoder<{ type: string }>({ eventTypeOf: (v) => v.type }), deadLetter: {} },
    blocking: { decoder: new JsonDecoder(), deadLetter: null },
  },
  retries: 1,
})
@Injectable()
class SpecConsumer {
  @OnKafkaMessage('events')
  @OnKafkaMessage('blocking')
  async handle(_message: unknown, context: MessageContext): Promise<void> {
    if (context.attempt <= failUntilAttempt) throw new Error('boom');
  }
}

describe('subscribeKafkaesqueMetrics', () => {
  let harness: KafkaesqueTestHarness;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting({ prefix: 'dev' })],
      providers: [SpecConsumer],
    }).compile();
    harness = await KafkaesqueTestHarness.create(moduleRef);
  });

  afterAll(() => harness.close());

  it('turns outcomes into counters and duration histograms, tagged with the Kafka names', async () => {
    const metrics = fakeMetrics();
    const unsubscribe = subscribeKafkaesqueMetrics(metrics);
    try {
      failUntilAttempt = 0;
      await harness.pushRaw('events', { value: '{"type":"a"}' });
      failUntilAttempt = 1;
      await harness.pushRaw('events', { value: '{"type":"b"}' });
      failUntilAttempt = 9;
      await harness.pushRaw('events', { value: '{"type":"c"}' });
      await harness.pushRaw('events', { value: 'not json' });
      await harness.pushRaw('blocking', { value: '{}' });
    } finally {
      unsubscribe();
    }
    const tags = (type?: string) => ({
      consumer_group: 'dev.metrics.spec',
      topic: 'dev.events',
      ...(type ? { event_type: type } : {}),
    });
    const duration = (outcome: string, type?: string) => [
      'histogram',
      'kafka.handler.duration',
      expect.any(Number),
      { ...tags(type), outcome },
    ];
    expect(metrics.calls).toEqual([
      ['increment', 'kafka.messages.consumed', 1, tags('a')],
      duration('handled', 'a'),
      ['increment', 'kafka.messages.retried', 1, tags('b')],
      ['increment', 'kafka.messages.consumed', 1, tags('b')],
      duration('handled', 'b'),
      ['increment', 'kafka.messages.retried', 1, tags('c')],
      ['increment', 'kafka.messages.dead_lettered', 1, tags('c')],
      duration('dead_lettered', 'c'),
      ['increment', 'kafka.messages.decode_failed', 1, tags()],
      ['increment', 'kafka.messages.dead_lettered', 1, tags()],
      duration('dead_lettered'),
      [
        'increment',
        'kafka.messages.retried',
        1,
        { consumer_group: 'dev.metrics.spec', topic: 'dev.blocking' },
      ],
      [
        'increment',
        'kafka.messages.failed',
        1,
        { consumer_group: 'dev.metrics.spec', topic: 'dev.blocking' },
      ],
      [
        'histogram',
        'kafka.handler.duration',
        expect.any(Number),
        { consumer_group: 'dev.metrics.spec', topic: 'dev.blocking', outcome: 'failed' },
      ],
    ]);
  });

  it('reports the lag of each fetched batch as a gauge, and client trouble as counters', () => {
    const metrics = fakeMetrics();
    const unsubscribe = subscribeKafkaesqueMetrics(metrics);
    const batch: BatchFetchedEvent = {
      groupId: 'g',
      kafkaGroupId: 'dev.g',
      topic: 't',
      kafkaTopic: 'dev.t',
      partition: 4,
      messages: 10,
      firstOffset: '100',
      lastOffset: '109',
      highWatermark: '150',
      offsetLag: 40,
    };
    diagnosticsChannel.channel(KAFKAESQUE_CHANNELS.batchFetched).publish(batch);
    diagnosticsChannel
      .channel(KAFKAESQUE_CHANNELS.consumerCrashed)
      .publish({ groupId: 'g', kafkaGroupId: 'dev.g' });
    diagnosticsChannel
      .channel(KAFKAESQUE_CHANNELS.commitFailed)
      .publish({ groupId: 'g', kafkaGroupId: 'dev.g' });
    unsubscribe();
    diagnosticsChannel.channel(KAFKAESQUE_CHANNELS.batchFetched).publish(batch);
    expect(metrics.calls).toEqual([
      ['gauge', 'kafka.consumer.lag', 40, { consumer_group: 'dev.g', topic: 'dev.t', partition: 4 }],
      ['increment', 'kafka.consumer.crashed', 1, { consumer_group: 'dev.g' }],
      ['increment', 'kafka.offsets.commit_failed', 1, { consumer_group: 'dev.g' }],
    ]);
  });

  it('never throws into the consumer when sending a metric fails', async () => {
    const errors: unknown[] = [];
    const broken: Metrics = {
      increment: () => {
        throw new Error('socket gone');
      },
      histogram: () => undefined,
      gauge: () => undefined,
    };
    const unsubscribe = subscribeKafkaesqueMetrics(broken, (error) => errors.push(error));
    failUntilAttempt = 0;
    const result = await harness.pushRaw('events', { value: '{"type":"a"}' }).finally(unsubscribe);
    expect(result.status).toBe('handled');
    expect(errors).toEqual([new Error('socket gone')]);
  });
});

describe('KafkaesqueModule.forRoot({ metrics })', () => {
  const kafkaesque = (metrics?: boolean) =>
    KafkaesqueModule.forRoot({
      connection: { brokers: ['127.0.0.1:9'] },
      clientId: 'metrics-spec',
      prefix: 'dev',
      autoStart: false,
      readinessChecks: false,
      metrics,
    });
  const compile = (metrics?: boolean) => {
    const fake = fakeMetrics();
    return Test.createTestingModule({
      imports: [MonitorModule.forRoot({ service: 'svc' }), kafkaesque(metrics)],
    })
      .overrideProvider(METRICS)
      .useValue(fake)
      .compile()
      .then((moduleRef) => ({ moduleRef, metrics: fake }));
  };
  const publishHandled = () =>
    diagnosticsChannel.channel(KAFKAESQUE_CHANNELS.messageHandled).publish({
      kafkaGroupId: 'dev.g',
      kafkaTopic: 'dev.t',
      eventType: undefined,
      durationMs: 3,
    });

  it('subscribes from init until shutdown', async () => {
    const { moduleRef, metrics } = await compile(true);
    expect(moduleRef.get(KafkaesqueMetricsSubscriber)).toBeInstanceOf(KafkaesqueMetricsSubscriber);
    await moduleRef.init();
    publishHandled();
    await moduleRef.close();
    publishHandled();
    expect(metrics.calls.map(([, name]) => name)).toEqual([
      'kafka.messages.consumed',
      'kafka.handler.duration',
    ]);
  });

  it('does not subscribe unless asked', async () => {
    const { moduleRef, metrics } = await compile();
    await moduleRef.init();
    publishHandled();
    await moduleRef.close();
    expect(metrics.calls).toEqual([]);
  });

  it('says so, and boots, when asked without MonitorModule', async () => {
    const warnings: string[] = [];
    const moduleRef = await Test.createTestingModule({ imports: [kafkaesque(true)] })
      .setLogger({ log: () => undefined, error: () => undefined, warn: (m: string) => void warnings.push(m) })
      .compile();
    await moduleRef.init();
    publishHandled();
    await moduleRef.close();
    expect(warnings).toContain(
      'metrics: true, but MonitorModule (METRICS) is not loaded: no consumer metrics',
    );
  });
});
