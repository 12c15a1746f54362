// The platform's lint rules (the seed's credo_checks counterpart), loaded by eslint.config.mjs.
module.exports = {
  meta: { name: 'platform' },
  rules: {
    'no-impl-swapping': require('./no-impl-swapping'),
    'no-process-env': require('./no-process-env'),
    'no-direct-kafka-producing': require('./no-direct-kafka-producing'),
    'consumer-states-dlq': require('./consumer-states-dlq'),
  },
};
