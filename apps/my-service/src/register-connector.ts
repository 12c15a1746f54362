import 'reflect-metadata';
import { loadConfig } from '@platform/config';
import {
  LOCAL_CONNECTOR_TUNING,
  PRODUCTION_CONNECTOR_TUNING,
  registerOutboxConnector,
} from '@platform/outbox';
import { runCommand } from './commands/run-command';

// `nx run my-service:register-connector` (the chart's post-install/post-upgrade Job): creates or
// updates the Debezium outbox connector with an idempotent PUT and waits until it and its task
// run. Needs the migrated outbox table (the publication covers it). Kafka Connect's 4xx answers
// are reported with their reason.
runCommand('register-connector', async (log) => {
  const config = loadConfig('my-service');
  const tuning = config.env === 'prod' ? PRODUCTION_CONNECTOR_TUNING : LOCAL_CONNECTOR_TUNING;
  const { name, status } = await registerOutboxConnector(config, 'my-service', tuning);
  log(
    `connector ${name} at ${config.kafka.connectUrl}: ${status.connector.state}, tasks ${status.tasks.map((t) => t.state).join(',')}`,
  );
});
