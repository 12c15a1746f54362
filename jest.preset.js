// Shared Jest settings: Nx's resolver (tsconfig path aliases) and SWC with legacy
// decorators + metadata, which NestJS dependency injection needs.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  // jose 6 ships ES modules only: let SWC turn it into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Integration tests talk to real services; hooks that close Kafka consumers take seconds.
  testTimeout: 60_000,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  reporters: ['default', join(__dirname, 'tools/testing/summary-reporter.js')],
  setupFiles: [join(__dirname, 'tools/testing/jest.setup.js')],
};
