import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { HeartbeatsRegistry, postgresAvailableCheck } from '@platform/heartbeats';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.options';

/**
 * The service's one Postgres connection (TypeORM), shared by every app, with its readiness
 * check registered. Requires ConfigModule and HeartbeatsModule in the app.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      // One retry only: at boot an unreachable database should fail the app, not stall it for half a minute.
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), retryAttempts: 1, retryDelay: 1000 }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(HeartbeatsRegistry) private readonly heartbeats: HeartbeatsRegistry,
  ) {}

  onModuleInit(): void {
    this.heartbeats.registerReadinessCheck('postgres', postgresAvailableCheck(this.dataSource), { timeoutMs: 1000 });
  }
}
