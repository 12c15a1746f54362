import baseConfig from '../../../eslint.config.mjs';

export default [
  ...baseConfig,
  // The tracer must start before anything else loads, the config lib included: its settings
  // are read straight from the environment, in these two files only.
  {
    files: ['src/lib/monitor-env.ts', 'src/lib/tracing/init-tracing.ts'],
    rules: { 'platform/no-process-env': 'off' },
  },
];
