import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  DebeziumProtoDecoder,
  KafkaConsumer,
  KafkaesqueConsumers,
  KafkaesqueHealth,
  KafkaesqueModule,
  OnKafkaEvent,
  type DebeziumEvent,
  type MessageContext,
  type MessagePlugin,
  type NextFn,
} from '@platform/kafkaesque';
import Redis from 'ioredis';
import { AddOnEvents } from '../lib/records';
import type { ConsumeInput, RedisCallStats } from './consume.protocol';
import { countingRedis } from './counting-redis';

/** Stands for the cheap observing plugins an app stacks (metrics, logging context): calls next. */
export class PassThroughPlugin implements MessagePlugin {
  readonly name = 'PassThroughPlugin';
  handle(_message: unknown, _context: MessageContext, next: NextFn): Promise<void> {
    return next();
  }
}

/** The reference line of scenario 2: exactly one awaited Redis round trip per message, nothing else. */
export class OneRoundTripPlugin implements MessagePlugin {
  readonly name = 'OneRoundTripPlugin';
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
  ) {}

  async handle(message: unknown, context: MessageContext, next: NextFn): Promise<void> {
    const uuid = (message as { eventUuid: string }).eventUuid;
    await this.redis.set(`${context.kafkaGroupId}:rtt:${uuid}`, 'done', 'PX', this.ttlMs);
    await next();
  }
}

export interface StartedFrameworkConsumer {
  readonly joined: Promise<void>;
  stop(): Promise<void>;
  readonly redisStats?: () => RedisCallStats;
}

/**
 * The framework as an app runs it: a Nest application context with KafkaesqueModule and one
 * @KafkaConsumer class (Debezium decoder, plugins, a no-op handler, `sync` commits).
 */
export async function startFrameworkConsumer(
  input: ConsumeInput,
  onMessage: (message: DebeziumEvent, context: MessageContext) => void,
): Promise<StartedFrameworkConsumer> {
  let redis: Redis | undefined;
  let stats: (() => RedisCallStats) | undefined;
  const plugins: MessagePlugin[] = [new PassThroughPlugin()];
  if (input.variant !== 'framework') {
    if (!input.redis) throw new Error(`${input.variant} needs input.redis`);
    redis = new Redis({ ...input.redis.connection, maxRetriesPerRequest: 1 });
    const counted = countingRedis(redis);
    stats = counted.stats;
    if (input.variant === 'framework+redis-rtt') {
      plugins.push(new OneRoundTripPlugin(counted.client, input.redis.ttlMs));
    } else {
      // Loaded only here: scenario 1 does not depend on the add-ons library.
      const { inboxPlugin } = require('./inbox-plugin') as typeof import('./inbox-plugin');
      plugins.push(
        inboxPlugin(counted.client, {
          batched: input.variant === 'framework+inbox-batched',
          ttlMs: input.redis.ttlMs,
        }),
      );
    }
  }

  @KafkaConsumer({
    groupId: input.groupId,
    topics: {
      [input.topic]: { decoder: new DebeziumProtoDecoder(AddOnEvents.envelope), plugins, deadLetter: {} },
    },
    commitStrategy: 'sync',
    startFrom: input.startFrom ?? 'earliest',
    partitionsConsumedConcurrently: 1,
    ...input.tuning,
  })
  @Injectable()
  class BenchConsumer {
    @OnKafkaEvent(input.topic, 'add_on_enabled')
    async onEnabled(message: DebeziumEvent, context: MessageContext): Promise<void> {
      onMessage(message, context);
    }
  }

  @Module({
    imports: [
      KafkaesqueModule.forRoot({
        connection: input.connection,
        prefix: input.prefix,
        clientId: 'bench-framework',
        autoStart: false,
        readinessChecks: false,
        logLevel: 'nothing',
        // The source topic is the bench's; its dead-letter topic is created like a local app's
        // (before the group joins, outside the measured consumption).
        createMissingTopics: { numPartitions: 1 },
      }),
    ],
    providers: [BenchConsumer],
  })
  class BenchModule {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(BenchModule, {
    logger: false,
  });
  const consumers = app.get(KafkaesqueConsumers);
  const health = app.get(KafkaesqueHealth);
  await consumers.start(input.groupId);
  return {
    joined: health.whenJoined(input.groupId, 60_000).then(() => undefined),
    stop: async () => {
      await app.close();
      redis?.disconnect();
    },
    redisStats: stats,
  };
}
