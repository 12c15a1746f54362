import { Global, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PostgresIdempotencyPlugin } from './postgres-idempotency.plugin';
import { PostgresInboxStrategy, type PostgresInboxOptions } from './postgres-inbox.strategy';

export interface PostgresInboxModuleOptions extends PostgresInboxOptions {
  /** Where the DataSource comes from. Default: `DataSource`, as TypeOrmModule provides it. */
  readonly dataSource?: InjectionToken;
}

/**
 * The Postgres inbox for `@KafkaConsumer` plugins: provides PostgresInboxStrategy and
 * PostgresIdempotencyPlugin (`plugins: [PostgresIdempotencyPlugin]`) on the app's DataSource,
 * whose entities and migrations must include KAFKA_INBOX_ENTITIES / KAFKA_INBOX_MIGRATIONS.
 * Global: import it once.
 */
@Global()
@Module({})
export class PostgresInboxModule {
  static forRoot(options: PostgresInboxModuleOptions = {}): DynamicModule {
    return {
      module: PostgresInboxModule,
      providers: [
        {
          provide: PostgresInboxStrategy,
          inject: [options.dataSource ?? DataSource],
          useFactory: (dataSource: DataSource) => new PostgresInboxStrategy(dataSource, options),
        },
        PostgresIdempotencyPlugin,
      ],
      exports: [PostgresInboxStrategy, PostgresIdempotencyPlugin],
    };
  }
}
