import baseConfig from '../../../eslint.config.mjs';

export default [
  ...baseConfig,
  // Domain events leave through the outbox only.
  { files: ['**/*.ts'], ignores: ['**/*.spec.ts'], rules: { 'platform/no-direct-kafka-producing': 'error' } },
];
