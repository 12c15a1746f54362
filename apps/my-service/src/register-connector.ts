import 'reflect-metadata';
import { loadConfig } from '@platform/config';
import {
  LOCAL_CONNECTOR_TUNING,
  PRODUCTION_CONNECTOR_TUNING,
  registerOutboxConnector,
  topicCreationSettings,
} from '@platform/outbox';
import { declaredTopics } from './commands/declared-topics';
import { runCommand } from './commands/run-command';

// `nx run my-service:register-connector` (the chart's post-install/post-upgrade Job): creates or
// updates the Debezium outbox connector with an idempotent PUT and waits until it and its task
// run. Needs the migrated outbox table (the publication covers it). Kafka Connect's 4xx answers
// are reported with their reason. The connector names the database password by reference
// (KAFKA_CONNECT_DATABASE_PASSWORD), and creates any topic it writes first as the topics file
// declares it (topic.creation.*).
runCommand('register-connector', async (log) => {
  const config = loadConfig('my-service');
  const tuning = config.env === 'prod' ? PRODUCTION_CONNECTOR_TUNING : LOCAL_CONNECTOR_TUNING;
  const { defaults, declarations } = declaredTopics(config);
  const { name, status } = await registerOutboxConnector(config, 'my-service', {
    tuning,
    topicCreation: topicCreationSettings(defaults, declarations),
  });
  log(
    `connector ${name} at ${config.kafka.connectUrl}: ${status.connector.state}, tasks ${status.tasks.map((t) => t.state).join(',')}`,
  );
});
