import baseConfig from '../eslint.config.mjs';

// The env-completeness test calls the apps' own production config readers (nothing else of
// theirs), so that the chart is checked against the code: allow exactly those relative imports
// of the apps' `*.config` modules here. Everything else keeps the workspace's module boundaries.
const APP_CONFIG_IMPORTS = '^(\\.\\./)+apps/[a-z0-9-]+/src/app/[a-z0-9-]+\\.config$';

const [level, options] = baseConfig.find((c) => c.rules?.['@nx/enforce-module-boundaries']).rules[
  '@nx/enforce-module-boundaries'
];

export default [
  ...baseConfig,
  {
    files: ['test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [level, { ...options, allow: [...options.allow, APP_CONFIG_IMPORTS] }],
    },
  },
];
