import { postgresSslOptions, type AppConfig } from '@platform/config';
import { KAFKA_INBOX_ENTITIES, KAFKA_INBOX_MIGRATIONS } from '@platform/kafkaesque-addons';
import { OUTBOX_ENTITIES, OUTBOX_MIGRATIONS } from '@platform/outbox';
import type { DataSourceOptions } from 'typeorm';
import { AddOnActivity } from '../add-on-activity/add-on-activity.entity';
import { CreateAddOnActivity1700000000200 } from '../add-on-activity/migrations/1700000000200-create-add-on-activity';
import { AddOn } from '../add-ons/add-on.entity';
import { CreateAddOns1700000000100 } from '../add-ons/migrations/1700000000100-create-add-ons';

/** The service's tables: its own, the platform's outbox and the consumers' Postgres inbox. */
export const ENTITIES = [...OUTBOX_ENTITIES, ...KAFKA_INBOX_ENTITIES, AddOn, AddOnActivity];
export const MIGRATIONS = [
  ...OUTBOX_MIGRATIONS,
  CreateAddOns1700000000100,
  CreateAddOnActivity1700000000200,
  ...KAFKA_INBOX_MIGRATIONS,
];

/**
 * Connection settings from config, with every entity and migration of the service. TLS as
 * `config.database.ssl` says (verify-full: the CA file's chain and the host name are checked).
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    host: config.database.host,
    port: config.database.port,
    username: config.database.username,
    password: config.database.password,
    database: config.database.database,
    ssl: postgresSslOptions(config.database.ssl),
    applicationName: config.app,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // Schema changes go through migrations only, never through entity sync.
    synchronize: false,
    // Fail fast at boot instead of retrying for minutes: a missing database is a config error.
    extra: { connectionTimeoutMillis: 5000 },
  };
}
