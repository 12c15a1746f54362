import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type OnApplicationShutdown,
} from '@nestjs/common';
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

export interface RedisInboxModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: FactoryProvider<
    RedisInboxModuleOptions | Promise<RedisInboxModuleOptions>
  >['useFactory'];
}

const REDIS_INBOX_OPTIONS = Symbol('REDIS_INBOX_OPTIONS');

/** The Redis connection of the inbox; closes it at shutdown when the module created it. */
@Injectable()
export class RedisInboxConnection implements OnApplicationShutdown {
  readonly client: Redis;
  private readonly owned: boolean;

  constructor(@Inject(REDIS_INBOX_OPTIONS) options: RedisInboxModuleOptions) {
    this.owned = !(options.redis instanceof Redis);
    this.client = options.redis instanceof Redis ? options.redis : new Redis(options.redis);
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
@Module({})
export class RedisInboxModule {
  static forRoot(options: RedisInboxModuleOptions): DynamicModule {
    return {
      module: RedisInboxModule,
      providers: [{ provide: REDIS_INBOX_OPTIONS, useValue: options }, ...PROVIDERS],
      exports: EXPORTS,
    };
  }

  static forRootAsync(options: RedisInboxModuleAsyncOptions): DynamicModule {
    return {
      module: RedisInboxModule,
      imports: options.imports ?? [],
      providers: [
        { provide: REDIS_INBOX_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        ...PROVIDERS,
      ],
      exports: EXPORTS,
    };
  }
}
