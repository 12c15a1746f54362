module.exports = {
  displayName: 'proto',
  preset: '../../jest.preset.js',
  // The checks run buf (and buf runs the plugins): seconds, not milliseconds, on a busy CI box.
  testTimeout: 60_000,
};
