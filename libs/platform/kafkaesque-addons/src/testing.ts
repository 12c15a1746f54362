// @platform/kafkaesque-addons/testing: for tests only, kept out of the production barrel. An inbox
// held in memory, for unit tests of handlers that use the idempotency plugin without Redis or Postgres.
export * from './lib/idempotency/in-memory-inbox.strategy';
