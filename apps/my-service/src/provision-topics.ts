import 'reflect-metadata';
import { join } from 'node:path';
import { currentEnv, loadConfig } from '@platform/config';
import {
  createKafkaClient,
  describeTopicChange,
  loadTopicDeclarations,
  provisionTopics,
} from '@platform/kafkaesque';
import { runCommand } from './commands/run-command';
import { describeKafkaFailure } from './commands/describe-failure';

// `nx run my-service:provision-topics` (the chart's pre-install/pre-upgrade Job): applies the
// declared topics (config/kafka-topics.yaml, or KAFKA_TOPICS_FILE) to the cluster. Creates what
// is missing and raises partition counts; reports drift it will not change. Fails when a topic
// owned by another service is missing in production, since our consumers would wait on it.
runCommand('provision-topics', async (log) => {
  const config = loadConfig('my-service');
  const env = currentEnv();
  const file = env.KAFKA_TOPICS_FILE || join(process.cwd(), 'config/kafka-topics.yaml');
  // Which `environments:` section applies: the app's own unless told (a single-broker cluster
  // running the production config, as under Docker Compose, takes `dev`).
  const environment = env.KAFKA_TOPICS_ENVIRONMENT || config.env;
  const declarations = loadTopicDeclarations(file, { environment, prefix: config.kafka.prefix });
  const admin = createKafkaClient({
    connection: config.kafka,
    clientId: 'my-service-provision-topics',
  }).admin();
  const changes = await admin
    .connect()
    .then(() =>
      provisionTopics(admin, declarations, { service: 'my-service', createForeign: environment !== 'prod' }),
    )
    .catch((error: unknown) => {
      throw describeKafkaFailure(config, error);
    })
    .finally(() => admin.disconnect().catch(() => undefined));
  for (const change of changes) log(describeTopicChange(change));
  const missing = changes.filter((c) => c.action === 'missing-elsewhere').map((c) => c.topic);
  if (missing.length > 0)
    throw new Error(`topics owned by other services are missing: ${missing.join(', ')}`);
});
