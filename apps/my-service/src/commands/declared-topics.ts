import { join } from 'node:path';
import { currentEnv, type AppConfig } from '@platform/config';
import { loadTopicsFile } from '@platform/kafkaesque';

/**
 * The topics file of the deploy steps (config/kafka-topics.yaml, or KAFKA_TOPICS_FILE) read for
 * this deployment: its `environments:` section is the app's own unless KAFKA_TOPICS_ENVIRONMENT
 * says otherwise (a single-broker cluster running the production config, as under Docker
 * Compose, takes `dev`).
 */
export function declaredTopics(config: AppConfig) {
  const env = currentEnv();
  const file = env.KAFKA_TOPICS_FILE || join(process.cwd(), 'config/kafka-topics.yaml');
  const environment = env.KAFKA_TOPICS_ENVIRONMENT || config.env;
  return { environment, ...loadTopicsFile(file, { environment, prefix: config.kafka.prefix }) };
}
