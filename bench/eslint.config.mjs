import baseConfig from '../eslint.config.mjs';

export default [
  ...baseConfig,
  // This project's job is to read the environment (configuration, test or bench tooling).
  { files: ['**/*.ts'], rules: { 'platform/no-process-env': 'off' } },
];
