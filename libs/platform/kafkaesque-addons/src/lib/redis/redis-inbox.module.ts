import {
  ConfigurableModuleBuilder,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { watchRedisConnection } from '@platform/config';
import Redis, { type RedisOptions } from 'ioredis';
import { RedisIdempotencyPlugin } from './redis-idempotency.plugin';
import { RedisInboxStrategy, type RedisInboxOptions } from './redis-inbox.strategy';

export interface RedisInboxModuleOptions extends RedisInboxOptions {
  /**
   * An ioredis client (yours: the module does not close it), or the options to create one
   * (the module's: closed at shutdown).
   */
  readonly redis: Redis | RedisOptions;
}

/** forRoot / forRootAsync (useFactory, useClass or useExisting), by Nest's ConfigurableModuleBuilder. */
const definition = new ConfigurableModuleBuilder<RedisInboxModuleOptions>({ moduleName: 'RedisInbox' })
  .setClassMethodName('forRoot')
  .build();
const { ConfigurableModuleClass: ConfigurableRedisInboxModule, MODULE_OPTIONS_TOKEN: REDIS_INBOX_OPTIONS } =
  definition;

/** `RedisInboxModule.forRootAsync`'s argument. */
export type RedisInboxModuleAsyncOptions = typeof definition.ASYNC_OPTIONS_TYPE;

/** The Redis connection of the inbox; closes it at shutdown when the module created it. */
@Injectable()
export class RedisInboxConnection implements OnApplicationShutdown {
  readonly client: Redis;
  private readonly owned: boolean;

  constructor(@Inject(REDIS_INBOX_OPTIONS) options: RedisInboxModuleOptions) {
    this.owned = !(options.redis instanceof Redis);
    this.client = options.redis instanceof Redis ? options.redis : new Redis(options.redis);
    // A client of the module's own gets its errors handled (ioredis prints "Unhandled error
    // event" otherwise), each problem once per outage; yours are yours to watch.
    if (this.owned) {
      const logger = new Logger('RedisInbox');
      watchRedisConnection(this.client, (line) => logger.warn(line));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.client.quit().catch(() => this.client.disconnect());
  }
}

const PROVIDERS = [
  RedisInboxConnection,
  {
    provide: RedisInboxStrategy,
    inject: [RedisInboxConnection, REDIS_INBOX_OPTIONS],
    useFactory: (connection: RedisInboxConnection, options: RedisInboxModuleOptions) =>
      new RedisInboxStrategy(connection.client, options),
  },
  RedisIdempotencyPlugin,
];
const EXPORTS = [RedisInboxConnection, RedisInboxStrategy, RedisIdempotencyPlugin];

/**
 * The Redis inbox for `@KafkaConsumer` plugins: provides RedisInboxStrategy and
 * RedisIdempotencyPlugin (`plugins: [RedisIdempotencyPlugin]`). Global: import it once.
 *
 * ```ts
 * RedisInboxModule.forRootAsync({
 *   inject: [APP_CONFIG],
 *   useFactory: (config: AppConfig) => ({ redis: { ...redisOptions(config.redis), maxRetriesPerRequest: 2 } }),
 * })
 * ```
 */
@Global()
@Module({ providers: PROVIDERS, exports: EXPORTS })
export class RedisInboxModule extends ConfigurableRedisInboxModule {}
