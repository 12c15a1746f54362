module.exports = {
  displayName: 'bench',
  preset: '../jest.preset.js',
  // The spec runs the quick benchmarks end to end (real Kafka, Postgres, Debezium, Redis).
  testTimeout: 120_000,
};
