/** The environments a service runs in; `dev` and `test` have defaults, `prod` reads everything from the environment. */
export type AppEnvironment = 'dev' | 'test' | 'prod';

export interface DatabaseConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

export interface KafkaConfig {
  /** Prepended as `<prefix>.<name>` to every topic and consumer group, like kafkaesque's `kafka_prefix`. */
  prefix: string;
  brokers: string[];
  /** Kafka Connect REST endpoint, where the outbox connector is registered. */
  connectUrl: string;
  /** The database host as Kafka Connect reaches it (under Docker Compose `postgres`, not 127.0.0.1). */
  connectDatabaseHost: string;
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
  redis: { host: string; port: number };
  kafka: KafkaConfig;
}
