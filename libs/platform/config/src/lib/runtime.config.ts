import type { AppConfig } from './app-config';
import { fetchEnv, type Env } from './fetch-env';
import { InvalidConfigError } from './invalid-config.error';

/** Every variable production must set; read in one go so that all missing ones are reported together. */
export const REQUIRED_PROD_ENV = [
  'PORT',
  'DATABASE_HOST',
  'DATABASE_PORT',
  'DATABASE_USER',
  'DATABASE_PASSWORD',
  'DATABASE_NAME',
  'REDIS_HOST',
  'REDIS_PORT',
  'KAFKA_PREFIX',
  'KAFKA_BOOTSTRAP_BROKERS_TLS',
  'KAFKA_CONNECT_URL',
] as const;

/** Production configuration (the seed's `config/runtime.exs`): nothing defaults, everything is validated. */
export function runtimeConfig(app: string, env: Env): AppConfig {
  const v = fetchEnv(REQUIRED_PROD_ENV, env);
  const problems: string[] = [];
  const port = (name: (typeof REQUIRED_PROD_ENV)[number]): number => {
    const n = Number(v[name]);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      problems.push(`${name} must be a port number, got "${v[name]}"`);
    return n;
  };
  const brokers = v.KAFKA_BOOTSTRAP_BROKERS_TLS.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) problems.push('KAFKA_BOOTSTRAP_BROKERS_TLS must list at least one host:port');
  const config: AppConfig = {
    env: 'prod',
    app,
    http: { port: port('PORT') },
    database: {
      host: v.DATABASE_HOST,
      port: port('DATABASE_PORT'),
      username: v.DATABASE_USER,
      password: v.DATABASE_PASSWORD,
      database: v.DATABASE_NAME,
    },
    redis: { host: v.REDIS_HOST, port: port('REDIS_PORT') },
    kafka: {
      prefix: v.KAFKA_PREFIX,
      brokers,
      connectUrl: v.KAFKA_CONNECT_URL,
      // Optional: Connect usually reaches the database under the same name as the app.
      connectDatabaseHost: env.KAFKA_CONNECT_DATABASE_HOST || v.DATABASE_HOST,
      // loadConfig applies CONSUME_EVENTS, the same switch in every environment.
      consumeEvents: true,
    },
  };
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return config;
}
