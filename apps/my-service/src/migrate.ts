import 'reflect-metadata';
import { migrateDatabase, migrateJobQueue } from '@my-service/domain';
import { loadConfig } from '@platform/config';
import { runCommand } from './commands/run-command';
import { describeDatabaseFailure } from './commands/describe-failure';

// `nx run my-service:migrate` (the chart's pre-install/pre-upgrade hook Job): brings the
// database to the latest schema, the service's tables and pg-boss's. Idempotent: under an
// advisory lock, replicas or a re-run find nothing pending.
runCommand('migrate', async (log) => {
  const config = loadConfig('my-service');
  const target = `${config.database.database} on ${config.database.host}:${config.database.port}`;
  try {
    const ran = await migrateDatabase(config);
    log(
      ran.length === 0
        ? `${target}: schema up to date`
        : `${target}: ran ${ran.map((m) => m.name).join(', ')}`,
    );
    await migrateJobQueue(config);
    log(`${target}: job queue schema (pg-boss) up to date`);
  } catch (error) {
    throw describeDatabaseFailure(config, error);
  }
});
