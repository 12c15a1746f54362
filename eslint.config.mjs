import nx from '@nx/eslint-plugin';
import platform from './tools/lint-rules/src/index.js';

// Module boundaries follow docs/ARCHITECTURE: apps depend on libs; the domain depends on
// platform libs and contracts; platform libs never depend on a service's own code.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      '**/coverage',
      'libs/proto/src/generated/**',
      '.infra/**',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:contracts', 'type:testing'],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:contracts', 'type:testing'],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Tooling (benchmarks of a service's commands among it) may use the domain; nothing uses tooling.
            {
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:contracts', 'type:testing'],
            },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:platform'] },
            {
              sourceTag: 'scope:my-service',
              onlyDependOnLibsWithTags: ['scope:my-service', 'scope:platform', 'scope:shared'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The platform's own rules (tools/lint-rules). Projects that must read the environment
  // (config, monitor's early tracer init, test and bench tooling) turn no-process-env off in
  // their own eslint.config.mjs; the domain turns no-direct-kafka-producing on in its own.
  {
    files: ['**/*.ts'],
    plugins: { platform },
    rules: {
      'platform/no-impl-swapping': 'error',
      'platform/consumer-states-dlq': 'error',
      'platform/no-process-env': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', '**/integration/**/*.ts', '**/e2e/**/*.ts'],
    rules: { 'platform/no-impl-swapping': 'off', 'platform/no-process-env': 'off' },
  },
];
