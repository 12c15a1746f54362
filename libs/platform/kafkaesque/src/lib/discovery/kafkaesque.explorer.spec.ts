import { Injectable, type LoggerService, Scope, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HeartbeatsModule, HeartbeatsRegistry } from '@platform/heartbeats';
import { eventCatalog } from '@proto/contracts';
import { KafkaesqueCatalog } from './kafkaesque-catalog';
import { DebeziumProtoDecoder } from '../decoders/debezium-proto.decoder';
import { JsonDecoder } from '../decoders/json.decoder';
import { RawDecoder } from '../decoders/raw.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaEvent, OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import { DuplicateConsumerGroupError } from '../errors/duplicate-consumer-group.error';
import { DuplicateHandlerError } from '../errors/duplicate-handler.error';
import { EventTypesUnsupportedError } from '../errors/event-types-unsupported.error';
import { HandlerOutsideConsumerError } from '../errors/handler-outside-consumer.error';
import { InvalidConsumerOptionsError } from '../errors/invalid-consumer-options.error';
import { MissingDeadLetterChoiceError } from '../errors/missing-dead-letter-choice.error';
import { MissingDecoderError } from '../errors/missing-decoder.error';
import { ScopedConsumerError } from '../errors/scoped-consumer.error';
import { TopicWithoutHandlerError } from '../errors/topic-without-handler.error';
import { UndeclaredTopicError } from '../errors/undeclared-topic.error';
import { UnknownEventTypeError } from '../errors/unknown-event-type.error';
import type { KafkaConsumerOptions, TopicConfig } from '../interfaces/consumer-options.interface';
import { KafkaesqueModule } from '../kafkaesque.module';

const EVENTS = 'add-ons.add-on-events-v1';
const debezium = (): TopicConfig => ({
  decoder: new DebeziumProtoDecoder(eventCatalog.addOnsAddOnEventsV1.envelope),
  deadLetter: {},
});

function consumerWith(options: Partial<KafkaConsumerOptions>, define: (base: Type) => Type = (b) => b): Type {
  @KafkaConsumer({ groupId: 'g', topics: { [EVENTS]: debezium() }, ...options })
  class Base {
    @OnKafkaEvent(EVENTS, 'add_on_enabled')
    async onEnabled(): Promise<void> {
      // no-op: only discovery matters here
    }
  }
  return define(Base);
}

async function boot(providers: Type[], logger?: LoggerService): Promise<KafkaesqueCatalog> {
  const builder = Test.createTestingModule({
    imports: [KafkaesqueModule.forTesting({ prefix: 'dev' })],
    providers,
  });
  if (logger) builder.setLogger(logger);
  const moduleRef = await builder.compile();
  await moduleRef.init();
  return moduleRef.get(KafkaesqueCatalog);
}

describe('consumer discovery at boot', () => {
  it('builds one definition per group, with prefixed names, and logs one line per handler', async () => {
    @KafkaConsumer({
      groupId: 'my_service.add_on_events',
      topics: { [EVENTS]: debezium() },
      retries: 2,
      commitStrategy: 'async',
    })
    @Injectable()
    class AddOnEventsConsumer {
      @OnKafkaEvent(EVENTS, 'add_on_enabled')
      @OnKafkaEvent(EVENTS, 'add_on_disabled')
      async onChange(): Promise<void> {
        // no-op: only discovery matters here
      }

      @OnKafkaMessage(EVENTS)
      async fallback(): Promise<void> {
        // no-op: only discovery matters here
      }
    }
    const lines: string[] = [];
    const logger: LoggerService = {
      log: (m: string) => lines.push(m),
      error: () => undefined,
      warn: () => undefined,
    };
    const consumers = await boot([AddOnEventsConsumer], logger);

    const [definition] = consumers.list();
    expect(definition).toMatchObject({
      consumer: 'AddOnEventsConsumer',
      groupId: 'my_service.add_on_events',
      kafkaGroupId: 'dev.my_service.add_on_events',
      retries: 2,
      initialBackoffMs: 100,
      commitStrategy: 'async',
      tuning: { startFrom: 'earliest', partitionsConsumedConcurrently: 1 },
    });
    const route = definition.routes.get('dev.add-ons.add-on-events-v1');
    expect(route?.deadLetter).toEqual({
      kafkaTopic: 'dev.add-ons.add-on-events-v1.dlq',
      producer: undefined,
    });
    expect([...(route?.handlers.keys() ?? [])].sort()).toEqual(['add_on_disabled', 'add_on_enabled']);
    expect(lines).toEqual(
      expect.arrayContaining([
        'AddOnEventsConsumer.onChange -> dev.my_service.add_on_events::dev.add-ons.add-on-events-v1::add_on_enabled',
        'AddOnEventsConsumer.onChange -> dev.my_service.add_on_events::dev.add-ons.add-on-events-v1::add_on_disabled',
        'AddOnEventsConsumer.fallback -> dev.my_service.add_on_events::dev.add-ons.add-on-events-v1::*',
      ]),
    );
  });

  it('registers a kafka-consumer:<group> readiness check when HeartbeatsModule is loaded', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        HeartbeatsModule.forRoot(),
        KafkaesqueModule.forRoot({
          connection: { brokers: ['127.0.0.1:9'] },
          prefix: 'dev',
          clientId: 't',
          autoStart: false,
          logLevel: 'nothing',
        }),
      ],
      providers: [consumerWith({ groupId: 'checked' })],
    }).compile();
    await moduleRef.init();
    expect(moduleRef.get(HeartbeatsRegistry).registered('readiness')).toEqual(['kafka-consumer:checked']);
    const report = await moduleRef.get(HeartbeatsRegistry).report('readiness');
    expect(report.checks[0]).toMatchObject({
      status: 'unhealthy',
      reason: 'consumer dev.checked is stopped',
    });
    await moduleRef.close();
  });

  describe('fails the boot with a precise error', () => {
    const cases: Array<[string, () => Type[], new (...args: never[]) => Error, RegExp]> = [
      [
        'two handlers for one event',
        () => [
          consumerWith({}, (Base) => {
            class Dup extends Base {
              @OnKafkaEvent(EVENTS, 'add_on_enabled')
              async again(): Promise<void> {
                // no-op: only discovery matters here
              }
            }
            return Dup;
          }),
        ],
        DuplicateHandlerError,
        /Consumer group "g": Dup\.again and Dup\.onEnabled both handle event "add_on_enabled" of topic "add-ons\.add-on-events-v1"/,
      ],
      [
        'two fallbacks for one topic',
        () => [
          consumerWith({}, (Base) => {
            class Dup extends Base {
              @OnKafkaMessage(EVENTS)
              async a(): Promise<void> {
                // no-op: only discovery matters here
              }
              @OnKafkaMessage(EVENTS)
              async b(): Promise<void> {
                // no-op: only discovery matters here
              }
            }
            return Dup;
          }),
        ],
        DuplicateHandlerError,
        /both handle every message of topic/,
      ],
      [
        'a topic without decoder',
        () => [consumerWith({ topics: { [EVENTS]: { deadLetter: null } as unknown as TopicConfig } })],
        MissingDecoderError,
        /Base: topic "add-ons\.add-on-events-v1" has no decoder/,
      ],
      [
        'a topic without a stated dead-letter choice',
        () => [
          consumerWith({ topics: { [EVENTS]: { decoder: new RawDecoder() } as unknown as TopicConfig } }),
        ],
        MissingDeadLetterChoiceError,
        /does not state its dead-letter choice/,
      ],
      [
        'an event type the decoder does not know',
        () => [
          consumerWith({}, (Base) => {
            class Typo extends Base {
              @OnKafkaEvent(EVENTS, 'add_on_enable')
              async typo(): Promise<void> {
                // no-op: only discovery matters here
              }
            }
            return Typo;
          }),
        ],
        UnknownEventTypeError,
        /Typo\.typo handles event "add_on_enable" of topic "add-ons\.add-on-events-v1", whose decoder knows only: add_on_enabled, add_on_disabled/,
      ],
      [
        'an event handler on a decoder without event types',
        () => [consumerWith({ topics: { [EVENTS]: { decoder: new RawDecoder(), deadLetter: null } } })],
        EventTypesUnsupportedError,
        /Base\.onEnabled handles an event type of topic "add-ons\.add-on-events-v1", but its decoder RawDecoder has no event types/,
      ],
      [
        'a handler for an undeclared topic',
        () => [
          consumerWith({}, (Base) => {
            class Other extends Base {
              @OnKafkaMessage('other-topic')
              async other(): Promise<void> {
                // no-op: only discovery matters here
              }
            }
            return Other;
          }),
        ],
        UndeclaredTopicError,
        /Other\.other handles topic "other-topic", which @KafkaConsumer\(\{ groupId: "g" \}\) does not declare \(declared: add-ons\.add-on-events-v1\)/,
      ],
      [
        'a declared topic nobody handles',
        () => [
          consumerWith({
            topics: { [EVENTS]: debezium(), lonely: { decoder: new JsonDecoder(), deadLetter: null } },
          }),
        ],
        TopicWithoutHandlerError,
        /Base subscribes to topic "lonely" but no method handles it/,
      ],
      [
        'a request-scoped consumer',
        () => {
          const Base = consumerWith({});
          Injectable({ scope: Scope.REQUEST })(Base);
          return [Base];
        },
        ScopedConsumerError,
        /Base is request-scoped or transient/,
      ],
      [
        'handlers on a class without @KafkaConsumer',
        () => {
          class Forgotten {
            @OnKafkaMessage(EVENTS)
            async handle(): Promise<void> {
              // no-op: only discovery matters here
            }
          }
          return [Forgotten];
        },
        HandlerOutsideConsumerError,
        /Forgotten\.handle is a Kafka handler, but its class has no @KafkaConsumer decorator/,
      ],
      [
        'two classes in one group',
        () => [consumerWith({ groupId: 'same' }), consumerWith({ groupId: 'same' })],
        DuplicateConsumerGroupError,
        /Consumer group "same" is declared by both Base and Base/,
      ],
      [
        'unusable options, all listed',
        () => [
          consumerWith({
            retries: -1,
            initialBackoffMs: 500,
            maxBackoffMs: 100,
            commitStrategy: 'later' as 'sync',
          }),
        ],
        InvalidConsumerOptionsError,
        /retries must be an integer >= 0, got -1; maxBackoffMs \(100\) must be >= initialBackoffMs \(500\); commitStrategy must be "sync" or "async"/,
      ],
    ];

    it.each(cases)('%s', async (_name, providers, errorClass, message) => {
      const booting = boot(providers());
      await expect(booting).rejects.toThrow(errorClass);
      await expect(booting).rejects.toThrow(message);
    });
  });
});
