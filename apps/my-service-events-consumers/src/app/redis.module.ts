import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, redisOptions, watchRedisConnection, type AppConfig } from '@platform/config';
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
    // Each connection problem once per outage rather than one line per reconnect.
    const logger = new Logger('Redis');
    watchRedisConnection(this.redis, (line) => logger.warn(line));
    this.heartbeats.registerReadinessCheck('redis', redisAvailableCheck(this.redis), { timeoutMs: 1000 });
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
