import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, redisOptions, type AppConfig } from '@platform/config';
import { HeartbeatsRegistry, redisAvailableCheck } from '@platform/heartbeats';
import Redis from 'ioredis';

/** DI token of the app's ioredis client (the idempotency inbox). */
export const REDIS = Symbol('REDIS');

/** The app's Redis connection, with its readiness check. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Redis({
          // Host, port, TLS (rediss://) and the ACL user, as config.redis says.
          ...redisOptions(config.redis),
          // Fail commands fast while Redis is away instead of queueing them: the consumer
          // must see the error (and retry the message) rather than hang.
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectionName: config.app,
        }),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly heartbeats: HeartbeatsRegistry,
  ) {}

  onModuleInit(): void {
    // Each connection problem once (TLS refused, WRONGPASS, refused...) rather than one line per
    // reconnect; the messages are Redis's and Node's, without credentials.
    const logger = new Logger('Redis');
    let last: string | undefined;
    this.redis.on('error', (error: Error) => {
      if (error.message !== last) logger.warn(`connection to Redis: ${error.message}`);
      last = error.message;
    });
    this.redis.on('ready', () => (last = undefined));
    this.heartbeats.registerReadinessCheck('redis', redisAvailableCheck(this.redis), { timeoutMs: 1000 });
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
