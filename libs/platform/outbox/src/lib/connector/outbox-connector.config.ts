import {
  connectSecretReferenceProblem,
  InvalidConfigError,
  type DatabaseConfig,
  type DatabaseSslConfig,
} from '@platform/config';
import template from './outbox-connector.template.json';

/** Connector settings that decide commit-to-Kafka latency and load; see the README for measurements. */
export interface OutboxConnectorTuning {
  /** How long Debezium waits for new WAL changes before handing a batch to Connect. */
  pollIntervalMs: number;
  maxBatchSize: number;
  /** Heartbeats advance the slot when the outbox is quiet, so Postgres can recycle WAL. */
  heartbeatIntervalMs: number;
  /** `no_data`: rows committed before the slot existed are not read (the slot is created at boot, before any command). */
  snapshotMode: 'no_data' | 'initial';
}

/** For local use and tests: latency over efficiency. */
export const LOCAL_CONNECTOR_TUNING: OutboxConnectorTuning = {
  pollIntervalMs: 10,
  maxBatchSize: 2048,
  heartbeatIntervalMs: 10_000,
  snapshotMode: 'no_data',
};

/** Debezium's own defaults, which suit production: fewer, larger batches. */
export const PRODUCTION_CONNECTOR_TUNING: OutboxConnectorTuning = {
  pollIntervalMs: 500,
  maxBatchSize: 2048,
  heartbeatIntervalMs: 60_000,
  snapshotMode: 'no_data',
};

export interface OutboxConnectorSettings {
  /** Connector name in Kafka Connect, e.g. `dev.my-service-outbox`. */
  name: string;
  /** KAFKA_PREFIX: topics become `<prefix>.<topic_name>`. */
  prefix: string;
  /** As Kafka Connect reaches the database (in Docker Compose, host `postgres`, not 127.0.0.1). Its password is not used: */
  database: DatabaseConfig;
  /**
   * the connector's `database.password` is this config-provider reference, resolved by the worker
   * (`config.kafka.connectDatabasePassword`): a password in the connector's JSON could be read
   * back by anyone with access to Connect's REST API.
   */
  databasePasswordReference: string;
  /** `topic.creation.*`: the settings Connect creates a missing topic with (topicCreationSettings). */
  topicCreation?: Record<string, string>;
  tuning?: OutboxConnectorTuning;
}

/**
 * Debezium's TLS settings for the database (its Postgres connector's names, passed on to
 * pgjdbc): `database.sslmode` as the service's own mode, and for verify-full the CA as the
 * Connect worker reads it (`connectCaFile`, a path on the worker), when there is one.
 */
export function debeziumSslSettings(ssl: DatabaseSslConfig | undefined): Record<string, string> {
  const mode = ssl?.mode ?? 'disable';
  return {
    'database.sslmode': mode,
    ...(mode === 'verify-full' && ssl?.connectCaFile ? { 'database.sslrootcert': ssl.connectCaFile } : {}),
  };
}

/** Replication slot names allow only lower-case letters, digits and underscores. */
export function outboxSlotName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * Fills the one connector template (outbox-connector.template.json) for an environment.
 * The template produces the record of docs/wire-contract.md; tests on the real connector pin it.
 * `database.sslrootcert` is added only when there is a CA file for the worker.
 */
export function buildOutboxConnectorConfig(settings: OutboxConnectorSettings): Record<string, string> {
  const problem = connectSecretReferenceProblem(
    'KAFKA_CONNECT_DATABASE_PASSWORD',
    settings.databasePasswordReference,
  );
  if (problem) throw new InvalidConfigError([problem]);
  const tuning = settings.tuning ?? LOCAL_CONNECTOR_TUNING;
  const ssl = debeziumSslSettings(settings.database.ssl);
  const values: Record<string, string> = {
    prefix: settings.prefix,
    name: settings.name,
    slot: outboxSlotName(settings.name),
    'database.host': settings.database.host,
    'database.port': String(settings.database.port),
    'database.user': settings.database.username,
    databasePasswordReference: settings.databasePasswordReference,
    'database.name': settings.database.database,
    'database.sslmode': ssl['database.sslmode'],
    pollIntervalMs: String(tuning.pollIntervalMs),
    maxBatchSize: String(tuning.maxBatchSize),
    heartbeatIntervalMs: String(tuning.heartbeatIntervalMs),
    snapshotMode: tuning.snapshotMode,
  };
  const config = Object.fromEntries(
    Object.entries(template).map(([key, value]) => [
      key,
      value.replace(/\{\{([\w.]+)\}\}/g, (_, placeholder: string) => {
        const filled = values[placeholder];
        if (filled === undefined)
          throw new Error(`Connector template uses unknown placeholder {{${placeholder}}}`);
        return filled;
      }),
    ]),
  );
  return { ...config, ...ssl, ...settings.topicCreation };
}
