import { create, toBinary } from '@bufbuild/protobuf';
import {
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AddOnDisabledSchema, AddOnEnabledSchema, eventCatalog } from '@proto/contracts';
import diagnostics_channel from 'node:diagnostics_channel';
import { tap } from 'rxjs';
import { DebeziumProtoDecoder, type DebeziumEvent } from '../decoders/debezium-proto.decoder';
import { JsonDecoder } from '../decoders/json.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaEvent, OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import { DecodeError } from '../errors/decode.error';
import { NextCalledTwiceError } from '../errors/next-called-twice.error';
import { NonRetriableError } from '../errors/non-retriable.error';
import { KAFKAESQUE_CHANNELS, KAFKAESQUE_MESSAGE_TRACING_CHANNEL } from '../events/kafkaesque.channels';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessagePlugin, NextFn } from '../interfaces/message-plugin.interface';
import { KAFKAESQUE_CONTEXT_TYPE } from '../kafkaesque.constants';
import { KafkaesqueModule } from '../kafkaesque.module';
import { debeziumRecordValue } from '../testing/debezium-record-value';
import { KafkaesqueTestHarness } from '../testing/kafkaesque-test-harness';
import { DLQ_HEADERS } from './dead-letter-headers';

const ADD_ON_EVENTS = 'add-ons.add-on-events-v1';
const JSON_TOPIC = 'json-commands';
const NO_DLQ_TOPIC = 'no-dlq';
const Envelope = eventCatalog.addOnsAddOnEventsV1.envelope;

const log: string[] = [];
/** Per test: how the JSON handler behaves on each attempt. */
let jsonBehaviour: (attempt: number) => void = () => undefined;

class RecordingPlugin implements MessagePlugin {
  constructor(readonly name: string) {}
  async handle(message: unknown, _context: MessageContext, next: NextFn): Promise<void> {
    log.push(`${this.name}:before`);
    await next();
    log.push(`${this.name}:after`);
  }
}

/** Drops messages with `skip: true`, upper-cases `text`: the two other things a plugin may do. */
const shapingPlugin: MessagePlugin<{ text?: string; skip?: boolean; twice?: boolean }> = {
  name: 'shaping',
  async handle(message, _context, next) {
    if (message.skip) return;
    if (message.twice) {
      await next();
      await next();
      return;
    }
    await next({ ...message, text: message.text?.toUpperCase() });
  },
};

@Injectable()
class CountingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const ctx = context.getArgByIndex<MessageContext>(1);
    log.push(`interceptor:${context.getType()}:${ctx.topic}:${ctx.attempt}`);
    return next.handle().pipe(tap(() => log.push('interceptor:done')));
  }
}

@Injectable()
class RejectingGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@KafkaConsumer({
  groupId: 'pipeline.test',
  topics: {
    [ADD_ON_EVENTS]: { decoder: new DebeziumProtoDecoder(Envelope), deadLetter: {} },
    [JSON_TOPIC]: {
      decoder: new JsonDecoder<{ text?: string }>(),
      plugins: [new RecordingPlugin('first'), new RecordingPlugin('second'), shapingPlugin],
      deadLetter: { topic: 'json-commands.failures' },
    },
    [NO_DLQ_TOPIC]: { decoder: new JsonDecoder(), deadLetter: null },
  },
  retries: 3,
  initialBackoffMs: 100,
  maxBackoffMs: 250,
})
class PipelineConsumer {
  @OnKafkaEvent(ADD_ON_EVENTS, 'add_on_enabled')
  @UseInterceptors(CountingInterceptor)
  async onEnabled(message: DebeziumEvent<typeof Envelope>, context: MessageContext): Promise<void> {
    log.push(`enabled:${(message.eventData as { providerId: string }).providerId}:${context.eventType}`);
  }

  @OnKafkaMessage(JSON_TOPIC)
  async onJson(message: { text?: string }, context: MessageContext): Promise<void> {
    log.push(`handler:${message.text}`);
    jsonBehaviour(context.attempt);
  }

  @OnKafkaMessage(NO_DLQ_TOPIC)
  @UseGuards(RejectingGuard)
  async guarded(): Promise<void> {
    log.push('guarded handler ran');
  }
}

function enabledRecord(providerId: string, eventType = 'add_on_enabled'): Buffer {
  const envelope = create(Envelope, {
    payload: { case: 'addOnEnabled', value: create(AddOnEnabledSchema, { providerId }) },
  });
  return debeziumRecordValue({
    uuid: 'u-1',
    eventType,
    timestamp: 1614091704890,
    payload: toBinary(Envelope, envelope),
  });
}

describe('the message pipeline, through KafkaesqueTestHarness', () => {
  let harness: KafkaesqueTestHarness;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting({ prefix: 'unit' })],
      providers: [PipelineConsumer, CountingInterceptor, RejectingGuard],
    }).compile();
    harness = await KafkaesqueTestHarness.create(moduleRef);
  });

  afterAll(() => harness.close());

  beforeEach(() => {
    log.length = 0;
    harness.deadLetters.length = 0;
    jsonBehaviour = () => undefined;
  });

  describe('dispatch by event type', () => {
    it('decodes a Debezium record and calls the handler of its event type, inside Nest interceptors', async () => {
      const result = await harness.pushRaw(ADD_ON_EVENTS, { key: 'p-7', value: enabledRecord('p-7') });
      expect(result).toMatchObject({
        status: 'handled',
        attempts: 1,
        handlerInvoked: true,
        groupId: 'pipeline.test',
      });
      expect(log).toEqual([
        `interceptor:${KAFKAESQUE_CONTEXT_TYPE}:${ADD_ON_EVENTS}:1`,
        'enabled:p-7:add_on_enabled',
        'interceptor:done',
      ]);
    });

    it('skips (and commits) an event type the consumer has no handler for', async () => {
      const envelope = create(Envelope, {
        payload: { case: 'addOnDisabled', value: create(AddOnDisabledSchema, { providerId: 'p' }) },
      });
      const value = debeziumRecordValue({
        uuid: 'u',
        eventType: 'add_on_disabled',
        payload: toBinary(Envelope, envelope),
      });
      expect(await harness.pushRaw(ADD_ON_EVENTS, { value })).toEqual({
        status: 'skipped',
        eventType: 'add_on_disabled',
        groupId: 'pipeline.test',
        backoffsMs: [],
      });
      expect(log).toEqual([]);
    });

    it('accepts already decoded messages', async () => {
      const decoded = new DebeziumProtoDecoder(Envelope).decode({
        topic: '',
        partition: 0,
        offset: '0',
        key: null,
        value: enabledRecord('p-9'),
        headers: {},
        timestamp: '0',
      });
      const result = await harness.pushDecoded(ADD_ON_EVENTS, decoded);
      expect(result.status).toBe('handled');
      expect(log).toContain('enabled:p-9:add_on_enabled');
    });
  });

  describe('plugins', () => {
    it('run in declared order around the handler, and may transform the message', async () => {
      const result = await harness.pushRaw(JSON_TOPIC, { value: '{"text":"hi"}' });
      expect(result.status).toBe('handled');
      expect(log).toEqual(['first:before', 'second:before', 'handler:HI', 'second:after', 'first:after']);
    });

    it('may short-circuit: the handler does not run and the message counts as handled', async () => {
      const result = await harness.pushRaw(JSON_TOPIC, { value: '{"skip":true}' });
      expect(result).toMatchObject({ status: 'handled', attempts: 1, handlerInvoked: false });
      expect(log).toEqual(['first:before', 'second:before', 'second:after', 'first:after']);
    });

    it('run again on every retry', async () => {
      jsonBehaviour = (attempt) => {
        if (attempt === 1) throw new Error('flaky');
      };
      await harness.pushRaw(JSON_TOPIC, { value: '{"text":"x"}' });
      expect(log.filter((l) => l === 'first:before')).toHaveLength(2);
    });

    it('may not call next twice', async () => {
      const result = await harness.pushRaw(JSON_TOPIC, { value: '{"twice":true}' });
      expect(result).toMatchObject({ status: 'dead-lettered', attempts: 1 });
      expect(result.status === 'dead-lettered' && result.error).toBeInstanceOf(NextCalledTwiceError);
    });
  });

  describe('retries and failures', () => {
    it('retries a failing handler with exponential backoff until it succeeds', async () => {
      jsonBehaviour = (attempt) => {
        if (attempt <= 2) throw new Error(`attempt ${attempt} failed`);
      };
      const result = await harness.pushRaw(JSON_TOPIC, { value: '{"text":"a"}' });
      expect(result).toMatchObject({ status: 'handled', attempts: 3, backoffsMs: [100, 200] });
      expect(harness.deadLetters).toEqual([]);
    });

    it('dead-letters after 1 + retries attempts, with capped backoffs, the original bytes and the dlq headers', async () => {
      jsonBehaviour = () => {
        throw new TypeError('always broken');
      };
      const value = Buffer.from('{"text":"keep me"}');
      const result = await harness.pushRaw(JSON_TOPIC, {
        key: 'k-1',
        value,
        headers: { trace_context: 'abc', empty: null },
        partition: 3,
        offset: 42,
        timestamp: 1700000000000,
      });
      expect(result).toMatchObject({ status: 'dead-lettered', attempts: 4, backoffsMs: [100, 200, 250] });
      expect(harness.deadLetters).toHaveLength(1);
      const [dlq] = harness.deadLetters;
      expect(dlq.topic).toBe('unit.json-commands.failures');
      expect(dlq.key).toEqual(Buffer.from('k-1'));
      expect(dlq.value).toEqual(value);
      // kafkajs cannot produce a null header value: a null header is dropped (dead-letter-headers.ts).
      expect(dlq.headers).toEqual({
        trace_context: 'abc',
        [DLQ_HEADERS.sourceTopic]: 'unit.json-commands',
        [DLQ_HEADERS.sourcePartition]: '3',
        [DLQ_HEADERS.sourceOffset]: '42',
        [DLQ_HEADERS.sourceTimestamp]: '1700000000000',
        [DLQ_HEADERS.consumerGroup]: 'unit.pipeline.test',
        [DLQ_HEADERS.errorClass]: 'TypeError',
        [DLQ_HEADERS.errorMessage]: 'always broken',
        [DLQ_HEADERS.errorStack]: expect.stringContaining('TypeError: always broken'),
        [DLQ_HEADERS.attempts]: '4',
        [DLQ_HEADERS.failedAt]: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    });

    it('does not retry a NonRetriableError, nor an error that says retriable: false', async () => {
      jsonBehaviour = () => {
        throw new NonRetriableError('business rule says no');
      };
      expect(await harness.pushRaw(JSON_TOPIC, { value: '{}' })).toMatchObject({
        status: 'dead-lettered',
        attempts: 1,
        backoffsMs: [],
      });
      jsonBehaviour = () => {
        throw Object.assign(new Error('kafkajs-style'), { retriable: false });
      };
      expect(await harness.pushRaw(JSON_TOPIC, { value: '{}' })).toMatchObject({
        status: 'dead-lettered',
        attempts: 1,
      });
      expect(harness.deadLetters.map((d) => d.headers[DLQ_HEADERS.errorClass])).toEqual([
        'NonRetriableError',
        'Error',
      ]);
    });

    it('never retries a decode error and never calls the handler for it', async () => {
      const result = await harness.pushRaw(ADD_ON_EVENTS, { key: 'p', value: 'not json at all' });
      expect(result).toMatchObject({ status: 'dead-lettered', attempts: 1, backoffsMs: [] });
      expect(result.status === 'dead-lettered' && result.error).toBeInstanceOf(DecodeError);
      expect(log).toEqual([]);
      expect(harness.deadLetters[0]).toMatchObject({
        topic: 'unit.add-ons.add-on-events-v1.dlq',
        value: Buffer.from('not json at all'),
        headers: { [DLQ_HEADERS.errorClass]: 'DecodeError', [DLQ_HEADERS.attempts]: '1' },
      });
    });

    it('reports a failure without dead-letter topic as failed, with the reason the partition blocks', async () => {
      const result = await harness.pushRaw(NO_DLQ_TOPIC, { value: '{}', partition: 1, offset: 7 });
      // A guard's rejection is the message's own: not retried (1 attempt, no backoff).
      expect(result).toMatchObject({ status: 'failed', attempts: 1, backoffsMs: [] });
      expect(result.status === 'failed' && result.reason).toMatch(
        /^unit\.no-dlq\[1\] offset 7 failed after 1 attempt\(s\) and the topic has no dead-letter topic: Forbidden resource$/,
      );
      expect(log).toEqual([]);
    });

    it('reports failed when the dead-letter topic refuses the message', async () => {
      jsonBehaviour = () => {
        throw new NonRetriableError('no');
      };
      harness.failDeadLetters(new Error('broker says no'));
      try {
        const result = await harness.pushRaw(JSON_TOPIC, { value: '{}' });
        expect(result.status).toBe('failed');
        expect(result.status === 'failed' && result.reason).toMatch(
          /could not be written to dead-letter topic unit\.json-commands\.failures: broker says no/,
        );
      } finally {
        harness.failDeadLetters(undefined);
      }
    });
  });

  describe('diagnostics channels', () => {
    it('publish retried, dead-lettered, decode-failed and handled events, and trace every message', async () => {
      const events: Array<[string, Record<string, unknown>]> = [];
      const names = [
        KAFKAESQUE_CHANNELS.messageHandled,
        KAFKAESQUE_CHANNELS.messageRetried,
        KAFKAESQUE_CHANNELS.messageDeadLettered,
        KAFKAESQUE_CHANNELS.messageDecodeFailed,
      ];
      const listeners = names.map((name) => {
        const listener = (message: unknown) => events.push([name, message as Record<string, unknown>]);
        diagnostics_channel.subscribe(name, listener);
        return () => diagnostics_channel.unsubscribe(name, listener);
      });
      const traced: string[] = [];
      const tracing = diagnostics_channel.tracingChannel(KAFKAESQUE_MESSAGE_TRACING_CHANNEL);
      const handlers = {
        start: (ctx: unknown) =>
          traced.push(`start:${(ctx as { record: { offset: string } }).record.offset}`),
        asyncEnd: (ctx: unknown) => traced.push(`end:${(ctx as { outcome: string }).outcome}`),
        end: () => undefined,
        asyncStart: () => undefined,
        error: () => undefined,
      };
      tracing.subscribe(handlers);
      try {
        jsonBehaviour = (attempt) => {
          if (attempt < 2) throw new Error('once');
        };
        await harness.pushRaw(JSON_TOPIC, { value: '{}', offset: 1 });
        await harness.pushRaw(ADD_ON_EVENTS, { value: '{}', offset: 2 });
      } finally {
        listeners.forEach((off) => off());
        tracing.unsubscribe(handlers);
      }
      expect(events.map(([name]) => name)).toEqual([
        KAFKAESQUE_CHANNELS.messageRetried,
        KAFKAESQUE_CHANNELS.messageHandled,
        KAFKAESQUE_CHANNELS.messageDecodeFailed,
        KAFKAESQUE_CHANNELS.messageDeadLettered,
      ]);
      expect(events[0][1]).toMatchObject({
        groupId: 'pipeline.test',
        kafkaGroupId: 'unit.pipeline.test',
        topic: JSON_TOPIC,
        kafkaTopic: 'unit.json-commands',
        partition: 0,
        offset: '1',
        attempt: 1,
        delayMs: 100,
        durationMs: expect.any(Number),
      });
      expect(events[1][1]).toMatchObject({ attempts: 2, handlerInvoked: true });
      expect(events[3][1]).toMatchObject({
        deadLetterTopic: 'unit.add-ons.add-on-events-v1.dlq',
        attempts: 1,
      });
      expect(traced).toEqual(['start:1', 'end:handled', 'start:2', 'end:dead-lettered']);
    });
  });
});
