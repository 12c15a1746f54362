module.exports = {
  displayName: 'proto-tools',
  preset: '../../jest.preset.js',
  // The specs compile protos with buf.
  testTimeout: 60_000,
};
