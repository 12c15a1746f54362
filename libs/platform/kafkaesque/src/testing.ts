// @platform/kafkaesque/testing: for tests only, kept out of the production barrel. The harness
// runs a consumer's records through the real pipeline without a broker; debeziumRecordValue builds
// the record value the outbox connector writes (docs/wire-contract.md).
export * from './lib/testing/debezium-record-value';
export * from './lib/testing/kafkaesque-test-harness';
