import type { AppConfig } from '@platform/config';
import { DataSource, type Migration } from 'typeorm';
import { dataSourceOptions } from './data-source.options';

// Any constant works; it only has to be the same for every replica of the service.
const MIGRATION_LOCK_KEY = 74_100_001;

/**
 * Runs pending migrations under a Postgres advisory lock: replicas (or parallel test
 * workers) booting at once take turns instead of racing to create the same tables.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}

/** Brings a database to the latest schema with its own short-lived connection (tests, tooling). */
export async function migrateDatabase(config: AppConfig): Promise<Migration[]> {
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    return await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
