import { LOCAL_CONNECT_DATABASE_PASSWORD } from '@platform/config';
import { infraSettings } from './infra-settings';
import { localKafkaEnv, type LocalKafkaListener } from './local-kafka';

/**
 * The environment of a production deployment (`APP_ENV=prod`, every shared variable the config
 * lib's production loader requires, plus Unleash), pointed at the local infrastructure: for
 * tests that run an app or a command the way a cluster would, on a scratch database and prefix.
 * Kafka on the plaintext listener (`KAFKA_ALLOW_PLAINTEXT=true`) unless `kafka` names a SASL_SSL
 * mechanism (see localKafkaEnv).
 */
export function localProductionEnv(options: {
  database: string;
  prefix: string;
  port?: number;
  kafka?: LocalKafkaListener;
}): Record<string, string> {
  const s = infraSettings();
  return {
    APP_ENV: 'prod',
    PORT: String(options.port ?? 0),
    DATABASE_HOST: s.INFRA_HOST,
    DATABASE_PORT: s.POSTGRES_PORT,
    DATABASE_USER: s.POSTGRES_USER,
    DATABASE_PASSWORD: s.POSTGRES_PASSWORD,
    DATABASE_NAME: options.database,
    // Production defaults to verify-full; these tests keep plaintext (docker-compose's Postgres
    // has no TLS). The TLS path is tested with localTls() in the libs' integration tests.
    DATABASE_SSL_MODE: 'disable',
    REDIS_HOST: s.INFRA_HOST,
    REDIS_PORT: s.REDIS_PORT,
    KAFKA_PREFIX: options.prefix,
    ...localKafkaEnv(options.kafka ?? 'plaintext'),
    KAFKA_CONNECT_URL: `http://${s.INFRA_HOST}:${s.CONNECT_PORT}`,
    // What the local Connect workers resolve (infra/local/lib.sh): the password never goes into the connector's JSON.
    KAFKA_CONNECT_DATABASE_PASSWORD: LOCAL_CONNECT_DATABASE_PASSWORD,
    UNLEASH_URL: `http://${s.INFRA_HOST}:${s.UNLEASH_PORT}/api`,
    UNLEASH_API_TOKEN: s.UNLEASH_CLIENT_TOKEN,
  };
}
