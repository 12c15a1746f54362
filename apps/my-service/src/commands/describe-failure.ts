import { describeKafkaError, type AppConfig } from '@platform/config';

/** A database error with where it happened: the driver's own text rarely names the database or user. */
export function describeDatabaseFailure(config: AppConfig, error: unknown): Error {
  const { host, port, database, username } = config.database;
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return new Error(`Postgres ${database} at ${host}:${port} (user ${username}): ${reason}`, { cause: error });
}

/**
 * A Kafka error with the brokers it talked to, the protocol and the SASL mechanism; kafkajs
 * reports only the last broker it tried.
 */
export function describeKafkaFailure(config: AppConfig, error: unknown): Error {
  return new Error(describeKafkaError(config.kafka, error), { cause: error });
}
