import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JsonDecoder } from '../decoders/json.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import { type MessageContext } from '../interfaces/message-context.interface';
import { KafkaesqueModule } from '../kafkaesque.module';
import { KafkaesqueTestHarness } from '../testing/kafkaesque-test-harness';
import { JsonLogger } from '@platform/monitor';
import { headerText, KafkaTracingPlugin } from './kafka-tracing.plugin';

// dd-trace is a no-op in Jest: spans are checked in kafka-tracing.integration.spec.ts. Here:
// the log fields, the chain, and the header parsing.
const lines: string[] = [];
const logger = new JsonLogger({ service: 'spec', write: (line) => lines.push(line) });
let failAttempts = 0;

interface Payload {
  type: string;
  eventUuid?: string;
}

@KafkaConsumer({
  groupId: 'tracing.spec',
  topics: {
    'add-ons.events': {
      decoder: new JsonDecoder<Payload>({ eventTypeOf: (value) => value.type }),
      deadLetter: {},
    },
  },
  retries: 1,
})
@Injectable()
class SpecConsumer {
  @OnKafkaMessage('add-ons.events')
  async handle(message: Payload, context: MessageContext): Promise<void> {
    logger.log(`handling ${message.type}`, 'SpecConsumer');
    if (context.attempt <= failAttempts) throw new Error(`attempt ${context.attempt} failed`);
  }
}

describe('KafkaTracingPlugin', () => {
  let harness: KafkaesqueTestHarness;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting({ prefix: 'dev', plugins: [new KafkaTracingPlugin()] })],
      providers: [SpecConsumer],
    }).compile();
    harness = await KafkaesqueTestHarness.create(moduleRef);
  });

  afterAll(() => harness.close());

  beforeEach(() => {
    lines.length = 0;
    failAttempts = 0;
  });

  it('adds group, topic, partition, offset, event uuid, event type and attempt to the handler’s log lines', async () => {
    const result = await harness.pushRaw('add-ons.events', {
      value: JSON.stringify({ type: 'add_on_enabled', eventUuid: 'uuid-1' }),
      headers: { trace_context: '{"x-datadog-trace-id":"1","x-datadog-parent-id":"2"}' },
      partition: 2,
      offset: 17,
    });
    expect(result.status).toBe('handled');
    expect(JSON.parse(lines[0])).toMatchObject({
      message: 'handling add_on_enabled',
      context: 'SpecConsumer',
      consumer_group: 'dev.tracing.spec',
      topic: 'dev.add-ons.events',
      partition: 2,
      offset: '17',
      event_uuid: 'uuid-1',
      event_type: 'add_on_enabled',
      attempt: 1,
    });
  });

  it('takes the event uuid from the `id` header when the message has none, and handles null or garbage contexts', async () => {
    for (const traceContext of [null, 'not json', Buffer.from('[1]')]) {
      const result = await harness.pushRaw('add-ons.events', {
        value: JSON.stringify({ type: 'add_on_disabled' }),
        headers: { trace_context: traceContext, id: Buffer.from('uuid-from-header') },
      });
      expect(result.status).toBe('handled');
    }
    expect(lines.map((line) => JSON.parse(line).event_uuid)).toEqual([
      'uuid-from-header',
      'uuid-from-header',
      'uuid-from-header',
    ]);
  });

  it('lets a failure through to the retry policy, with the attempt in the log fields', async () => {
    failAttempts = 1;
    const result = await harness.pushRaw('add-ons.events', { value: JSON.stringify({ type: 'x' }) });
    expect(result).toMatchObject({ status: 'handled', attempts: 2 });
    expect(lines.map((line) => JSON.parse(line).attempt)).toEqual([1, 2]);
    failAttempts = 5;
    expect(await harness.pushRaw('add-ons.events', { value: JSON.stringify({ type: 'x' }) })).toMatchObject({
      status: 'dead-lettered',
      error: new Error('attempt 2 failed'),
    });
  });

  it('writes no Kafka fields outside the handler', () => {
    logger.log('outside');
    expect(JSON.parse(lines[0]).topic).toBeUndefined();
  });
});

describe('headerText', () => {
  it.each([
    [Buffer.from('{"a":"b"}'), '{"a":"b"}'],
    ['plain', 'plain'],
    [null, undefined],
    [undefined, undefined],
    [[Buffer.from('first'), null, Buffer.from('last')], 'last'],
    [[null], undefined],
  ])('reads %p as %p', (value, expected) => {
    expect(headerText(value)).toBe(expected);
  });
});
