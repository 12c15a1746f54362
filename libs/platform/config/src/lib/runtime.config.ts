import type { AppConfig } from './app-config';
import { connectSecretReferenceProblem } from './connect-secret-reference';
import { databaseSslFromEnv } from './database-tls.config';
import { fetchEnv, type Env } from './fetch-env';
import { InvalidConfigError } from './invalid-config.error';
import { readKafkaConnection } from './kafka-connection.config';
import { redisConfigFromEnv, requiredWithRedisUrl } from './redis-connection.config';

/**
 * Every variable production must set; read in one go so that all missing ones are reported
 * together. `REDIS_URL`, when set, stands in for `REDIS_HOST` and `REDIS_PORT`. The optional
 * TLS and credential variables are read by database-tls.config.ts and redis-connection.config.ts.
 */
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
  'KAFKA_CONNECT_URL',
] as const;

/** `KAFKA_CONNECT_DATABASE_PASSWORD`, when set: a config-provider reference, checked here. */
function connectDatabasePassword(env: Env, problems: string[]): { connectDatabasePassword?: string } {
  const value = env.KAFKA_CONNECT_DATABASE_PASSWORD;
  if (!value) return {};
  const problem = connectSecretReferenceProblem('KAFKA_CONNECT_DATABASE_PASSWORD', value);
  if (problem) problems.push(problem);
  return { connectDatabasePassword: value };
}

/** Production configuration (the seed's `config/runtime.exs`): nothing defaults, everything is validated. */
export function runtimeConfig(app: string, env: Env): AppConfig {
  // The brokers (KAFKA_BOOTSTRAP_BROKERS_TLS, or plaintext KAFKA_BOOTSTRAP_BROKERS when allowed), TLS, SASL.
  const kafkaConnection = readKafkaConnection(env, 'prod');
  const v = fetchEnv(requiredWithRedisUrl(REQUIRED_PROD_ENV, env), env, kafkaConnection.missing);
  const problems: string[] = [...kafkaConnection.problems];
  const port = (name: (typeof REQUIRED_PROD_ENV)[number]): number => {
    const n = Number(v[name]);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      problems.push(`${name} must be a port number, got "${v[name]}"`);
    return n;
  };
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
      ssl: databaseSslFromEnv(env, problems),
    },
    redis: redisConfigFromEnv(env, problems),
    kafka: {
      prefix: v.KAFKA_PREFIX,
      ...(kafkaConnection.connection ?? { brokers: [] }),
      connectUrl: v.KAFKA_CONNECT_URL,
      // Optional: Connect usually reaches the database under the same name as the app.
      connectDatabaseHost: env.KAFKA_CONNECT_DATABASE_HOST || v.DATABASE_HOST,
      ...connectDatabasePassword(env, problems),
      // loadConfig applies CONSUME_EVENTS, the same switch in every environment.
      consumeEvents: true,
    },
  };
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return config;
}
