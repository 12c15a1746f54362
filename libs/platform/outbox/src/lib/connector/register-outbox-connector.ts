import { MissingEnvironmentError, type AppConfig } from '@platform/config';
import { KafkaConnectClient, type ConnectorStatus } from './kafka-connect.client';
import { buildOutboxConnectorConfig, type OutboxConnectorTuning } from './outbox-connector.config';

export function outboxConnectorName(prefix: string, service: string): string {
  return `${prefix}.${service}-outbox`;
}

export interface RegisterOutboxConnectorOptions {
  tuning?: OutboxConnectorTuning;
  /** `topic.creation.*` settings (topicCreationSettings from the topics file). */
  topicCreation?: Record<string, string>;
}

/**
 * Registers (or updates) the service's outbox connector and waits until it runs. Idempotent:
 * `nx run my-service:register-connector` (the chart's Job) runs it at every deploy.
 */
export async function registerOutboxConnector(
  config: AppConfig,
  service: string,
  options: RegisterOutboxConnectorOptions = {},
): Promise<{ name: string; client: KafkaConnectClient; status: ConnectorStatus }> {
  const name = outboxConnectorName(config.kafka.prefix, service);
  const passwordReference = config.kafka.connectDatabasePassword;
  if (!passwordReference) throw new MissingEnvironmentError(['KAFKA_CONNECT_DATABASE_PASSWORD']);
  const client = new KafkaConnectClient(config.kafka.connectUrl);
  await client.putConnectorConfig(
    name,
    buildOutboxConnectorConfig({
      name,
      prefix: config.kafka.prefix,
      database: { ...config.database, host: config.kafka.connectDatabaseHost },
      databasePasswordReference: passwordReference,
      tuning: options.tuning,
      topicCreation: options.topicCreation,
    }),
  );
  return { name, client, status: await client.waitUntilRunning(name) };
}
