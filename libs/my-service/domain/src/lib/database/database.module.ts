import { DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { HeartbeatsRegistry, postgresAvailableCheck } from '@platform/heartbeats';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';
import { runMigrationsLocked } from './run-migrations';

const RUN_MIGRATIONS = Symbol('RUN_MIGRATIONS');

/**
 * The service's one Postgres connection (TypeORM), shared by every app, with its readiness
 * check registered. Only the core app runs migrations (`forRoot({ runMigrations: true })`);
 * the others expect the schema to be there. Requires ConfigModule and HeartbeatsModule.
 */
@Module({})
export class DatabaseModule implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(HeartbeatsRegistry) private readonly heartbeats: HeartbeatsRegistry,
    @Inject(RUN_MIGRATIONS) private readonly runMigrations: boolean,
  ) {}

  static forRoot(options: { runMigrations?: boolean } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          // One retry only: an unreachable database at boot should fail the app, not stall it.
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config),
            retryAttempts: 1,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [{ provide: RUN_MIGRATIONS, useValue: options.runMigrations ?? false }],
    };
  }

  async onModuleInit(): Promise<void> {
    if (this.runMigrations) await runMigrationsLocked(this.dataSource);
    this.heartbeats.registerReadinessCheck('postgres', postgresAvailableCheck(this.dataSource), {
      timeoutMs: 1000,
    });
  }
}
