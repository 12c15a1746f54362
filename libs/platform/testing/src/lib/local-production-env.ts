import { infraSettings } from './infra-settings';

/**
 * The environment of a production deployment (`APP_ENV=prod`, every shared variable the config
 * lib's production loader requires, plus Unleash), pointed at the local infrastructure: for
 * tests that run an app or a command the way a cluster would, on a scratch database and prefix.
 */
export function localProductionEnv(options: {
  database: string;
  prefix: string;
  port?: number;
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
    REDIS_HOST: s.INFRA_HOST,
    REDIS_PORT: s.REDIS_PORT,
    KAFKA_PREFIX: options.prefix,
    KAFKA_BOOTSTRAP_BROKERS_TLS: `${s.INFRA_HOST}:${s.KAFKA_PORT}`,
    KAFKA_CONNECT_URL: `http://${s.INFRA_HOST}:${s.CONNECT_PORT}`,
    UNLEASH_URL: `http://${s.INFRA_HOST}:${s.UNLEASH_PORT}/api`,
    UNLEASH_API_TOKEN: s.UNLEASH_CLIENT_TOKEN,
  };
}
