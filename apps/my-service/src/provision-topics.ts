import 'reflect-metadata';
import { loadConfig } from '@platform/config';
import { createKafkaClient, describeTopicChange, provisionTopics } from '@platform/kafkaesque';
import { declaredTopics } from './commands/declared-topics';
import { runCommand } from './commands/run-command';
import { describeKafkaFailure } from './commands/describe-failure';

// `nx run my-service:provision-topics` (the chart's pre-install/pre-upgrade Job): applies the
// declared topics (config/kafka-topics.yaml, or KAFKA_TOPICS_FILE) to the cluster. Creates what
// is missing and raises partition counts; reports drift it will not change. Fails when a topic
// owned by another service is missing in production, since our consumers would wait on it.
runCommand('provision-topics', async (log) => {
  const config = loadConfig('my-service');
  const { environment, declarations } = declaredTopics(config);
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
