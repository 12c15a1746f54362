import type { AppConfig, AppEnvironment } from './app-config';
import { devConfig } from './dev.config';
import type { Env } from './fetch-env';
import { InvalidConfigError } from './invalid-config.error';
import { readKafkaConnection } from './kafka-connection.config';
import { MissingEnvironmentError } from './missing-environment.error';
import { runtimeConfig } from './runtime.config';
import { testConfig } from './test.config';

const ENVIRONMENTS: readonly AppEnvironment[] = ['dev', 'test', 'prod'];

/**
 * Picks the environment from `APP_ENV` (or Jest's `NODE_ENV=test`), then builds the config.
 * In dev and test a few variables may override the defaults (`KAFKA_PREFIX`, `PORT`,
 * `CONNECT_DATABASE_HOST`, `KAFKA_CONNECT_DATABASE_PASSWORD`) so that
 * two checkouts or test suites can share one local infrastructure; the Kafka connection
 * variables (`KAFKA_BOOTSTRAP_BROKERS[_TLS]`, `KAFKA_SSL_CA_FILE`, `KAFKA_SASL_*`) may point
 * them at another listener, e.g. the local SASL_SSL one.
 */
export function loadConfig(app: string, env: Env = process.env): AppConfig {
  const name = env.APP_ENV ?? (env.NODE_ENV === 'test' ? 'test' : 'dev');
  if (!ENVIRONMENTS.includes(name as AppEnvironment)) {
    throw new InvalidConfigError([`APP_ENV must be one of ${ENVIRONMENTS.join(', ')}, got "${name}"`]);
  }
  const consumeEvents = consumeEventsSwitch(env);
  if (name === 'prod') {
    const config = runtimeConfig(app, env);
    return { ...config, kafka: { ...config.kafka, consumeEvents } };
  }
  const base = name === 'test' ? testConfig(app) : devConfig(app);
  const kafka = readKafkaConnection(env, name as AppEnvironment, base.kafka);
  if (kafka.missing.length > 0) throw new MissingEnvironmentError(kafka.missing);
  if (kafka.problems.length > 0) throw new InvalidConfigError(kafka.problems);
  return {
    ...base,
    http: { port: env.PORT ? Number(env.PORT) : base.http.port },
    kafka: {
      ...base.kafka,
      ...kafka.connection,
      prefix: env.KAFKA_PREFIX ?? base.kafka.prefix,
      connectDatabaseHost: env.CONNECT_DATABASE_HOST ?? base.kafka.connectDatabaseHost,
      connectDatabasePassword: env.KAFKA_CONNECT_DATABASE_PASSWORD || base.kafka.connectDatabasePassword,
      consumeEvents,
    },
  };
}

/** `CONSUME_EVENTS`: `true` (or unset) or `false`, in every environment. */
function consumeEventsSwitch(env: Env): boolean {
  const raw = env.CONSUME_EVENTS;
  if (raw === undefined || raw === '' || raw === 'true') return true;
  if (raw === 'false') return false;
  throw new InvalidConfigError([`CONSUME_EVENTS must be true or false, got "${raw}"`]);
}
