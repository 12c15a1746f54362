import { join } from 'node:path';
import { kafkaClientConfig, type KafkaConnectionConfig } from '@platform/config';
import { Kafka, logLevel } from 'kafkajs';
import { ensureInfra } from './ensure-infra';
import { infraSettings } from './infra-settings';
import { portAnswers } from './local-tls';
import { workspaceRoot } from './workspace-root';

/**
 * The local broker's listeners (infra/local/kafka.sh): `plaintext` on KAFKA_PORT, and on
 * KAFKA_SASL_SSL_PORT TLS with the local CA and either SASL mechanism with infra.env's users.
 */
export type LocalKafkaListener = 'plaintext' | 'scram-sha-512' | 'plain';

export interface LocalKafkaOptions {
  /** Another password than infra.env's (a wrong one, in a test). */
  password?: string;
  /** `false`: trust only the system CAs, which did not sign the local broker's certificate. */
  trustLocalCa?: boolean;
}

/** The infra scripts' state dir (`INFRA_STATE_DIR`, default `<repo>/.infra`). */
export function infraStateDir(): string {
  return process.env.INFRA_STATE_DIR || join(workspaceRoot(), '.infra');
}

/** The CA that signed the SASL_SSL listener's certificate (made by kafka.sh on start). */
export function localKafkaCaFile(): string {
  return join(infraStateDir(), 'kafka', 'tls', 'ca.crt');
}

/** A connection to one of the local listeners, as `config.kafka` would hold it. */
export function localKafkaConnection(
  listener: LocalKafkaListener = 'plaintext',
  options: LocalKafkaOptions = {},
): KafkaConnectionConfig {
  const s = infraSettings();
  if (listener === 'plaintext') return { brokers: [`${s.INFRA_HOST}:${s.KAFKA_PORT}`] };
  const scram = listener === 'scram-sha-512';
  return {
    brokers: [`${s.INFRA_HOST}:${s.KAFKA_SASL_SSL_PORT}`],
    tls: options.trustLocalCa === false ? {} : { caFile: localKafkaCaFile() },
    sasl: {
      mechanism: listener,
      username: scram ? s.KAFKA_SCRAM_USER : s.KAFKA_PLAIN_USER,
      password: options.password ?? (scram ? s.KAFKA_SCRAM_PASSWORD : s.KAFKA_PLAIN_PASSWORD),
    },
  };
}

/**
 * The production environment variables for a local listener (what a deployment sets), for
 * apps and commands run as child processes: plaintext needs `KAFKA_ALLOW_PLAINTEXT=true` in prod.
 */
export function localKafkaEnv(
  listener: LocalKafkaListener = 'plaintext',
  options: LocalKafkaOptions = {},
): Record<string, string> {
  const connection = localKafkaConnection(listener, options);
  const sasl = connection.sasl;
  if (!sasl || sasl.mechanism === 'oauthbearer')
    return { KAFKA_BOOTSTRAP_BROKERS: connection.brokers.join(','), KAFKA_ALLOW_PLAINTEXT: 'true' };
  return {
    KAFKA_BOOTSTRAP_BROKERS_TLS: connection.brokers.join(','),
    ...(connection.tls?.caFile ? { KAFKA_SSL_CA_FILE: connection.tls.caFile } : {}),
    KAFKA_SASL_MECHANISM: sasl.mechanism.toUpperCase(),
    KAFKA_SASL_USERNAME: sasl.username,
    KAFKA_SASL_PASSWORD: sasl.password,
  };
}

/** A kafkajs client on the local broker, connected through the repository's factory config. */
export function localKafka(
  clientId = 'test',
  connection: KafkaConnectionConfig = localKafkaConnection(),
): Kafka {
  return new Kafka({ clientId, ...kafkaClientConfig(connection), logLevel: logLevel.NOTHING });
}

/**
 * Starts the broker when it is down (ensureInfra) and checks that it has the SASL_SSL listener:
 * a broker started by an older kafka.sh has not, and is not restarted here (other suites may be
 * using it), only named.
 */
export async function ensureSecuredKafka(): Promise<void> {
  await ensureInfra(['kafka']);
  const s = infraSettings();
  const port = Number(s.KAFKA_SASL_SSL_PORT);
  const open = await portAnswers(s.INFRA_HOST, port);
  if (!open)
    throw new Error(
      `The local Kafka broker has no SASL_SSL listener on ${s.INFRA_HOST}:${port} (started before ` +
        'kafka.sh configured it): restart it once with infra/local/kafka.sh stop && infra/local/kafka.sh start',
    );
}
