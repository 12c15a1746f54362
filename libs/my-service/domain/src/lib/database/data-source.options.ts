import type { AppConfig } from '@platform/config';
import type { DataSourceOptions } from 'typeorm';

/** Connection settings from config; entities and migrations are registered by the domain as they appear. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    host: config.database.host,
    port: config.database.port,
    username: config.database.username,
    password: config.database.password,
    database: config.database.database,
    applicationName: config.app,
    // Schema changes go through migrations only, never through entity sync.
    synchronize: false,
    // Fail fast at boot instead of retrying for minutes: a missing database is a config error.
    extra: { connectionTimeoutMillis: 5000 },
  };
}
