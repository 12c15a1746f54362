import type { KafkaConnectionConfig } from './kafka-connection.config';

/** The environments a service runs in; `dev` and `test` have defaults, `prod` reads everything from the environment. */
export type AppEnvironment = 'dev' | 'test' | 'prod';

/**
 * How clients reach Postgres (libpq's names): `verify-full` encrypts and checks the server's
 * certificate against the CA and the host name, `require` encrypts without checking it,
 * `disable` is plaintext.
 */
export type DatabaseSslMode = 'verify-full' | 'require' | 'disable';

export interface DatabaseSslConfig {
  mode: DatabaseSslMode;
  /** PEM file of the CA(s) to trust (verify-full only); unset, the system's CAs. */
  caFile?: string;
  /**
   * The CA file as the Kafka Connect worker reads it, on the worker's own filesystem: the outbox
   * connector's `database.sslrootcert`. Unset, the worker's default (`~/.postgresql/root.crt`).
   */
  connectCaFile?: string;
}

export interface DatabaseConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
  /** TLS to the database; unset means `disable` (dev and test). Build clients with `postgresSslOptions`. */
  ssl?: DatabaseSslConfig;
}

/** Redis; build an ioredis client with `new Redis(redisOptions(config.redis))`. */
export interface RedisConfig {
  host: string;
  port: number;
  /** Set: TLS (`rediss://`), verifying the server against `caFile` or, unset, the system's CAs. */
  tls?: { caFile?: string };
  /** An ACL user; unset with a password, the `default` user. */
  username?: string;
  password?: string;
}

/**
 * Kafka: the connection (brokers, TLS, SASL: see kafka-connection.config.ts; every client
 * connects through `kafkaClientConfig(config.kafka)`) and the service's names on the cluster.
 */
export interface KafkaConfig extends KafkaConnectionConfig {
  /** Prepended as `<prefix>.<name>` to every topic and consumer group, like kafkaesque's `kafka_prefix`. */
  prefix: string;
  /** Kafka Connect REST endpoint, where the outbox connector is registered. */
  connectUrl: string;
  /** The database host as Kafka Connect reaches it (under Docker Compose `postgres`, not 127.0.0.1). */
  connectDatabaseHost: string;
  /**
   * The outbox connector's `database.password` as a Connect config-provider reference
   * (`KAFKA_CONNECT_DATABASE_PASSWORD`, e.g. `${file:/secrets/db.properties:password}`), never the
   * password: see connect-secret-reference.ts. Production has none unless set; only the
   * register-connector step needs it.
   */
  connectDatabasePassword?: string;
  /**
   * Whether the app's Kafka consumers join their groups (`CONSUME_EVENTS`, default true). Off,
   * the consumers app boots and reads ready without consuming: for running it against a shared
   * environment (mirrord) without taking that environment's messages.
   */
  consumeEvents: boolean;
}

export interface AppConfig {
  env: AppEnvironment;
  /** Nx project name of the running app, e.g. `my-service-web`. */
  app: string;
  http: { port: number };
  database: DatabaseConfig;
  redis: RedisConfig;
  kafka: KafkaConfig;
}
