import { postgresSslOptions, type AppConfig } from '@platform/config';
import PgBoss from 'pg-boss';

/**
 * pg-boss (the worker's job queue) on the service's database. Its schema is part of the
 * service's schema: `migrate` installs and upgrades it with the tables, so that no app changes
 * the schema at boot in production.
 */
export function jobQueueOptions(config: AppConfig): PgBoss.ConstructorOptions {
  return {
    host: config.database.host,
    port: config.database.port,
    user: config.database.username,
    password: config.database.password,
    database: config.database.database,
    // Handed to node-postgres like TypeORM's: the same TLS for both connections.
    ssl: postgresSslOptions(config.database.ssl),
    application_name: `${config.app}-jobs`,
    schema: 'pgboss',
    // Outside production the worker may install it itself, so that a dev or test database
    // needs no separate step; in production only `migrate` does.
    migrate: config.env !== 'prod',
  };
}

/** Installs or upgrades pg-boss's schema, then disconnects (no maintenance, no schedules). */
export async function migrateJobQueue(config: AppConfig): Promise<void> {
  const boss = new PgBoss({ ...jobQueueOptions(config), migrate: true, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}
