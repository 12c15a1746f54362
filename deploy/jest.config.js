module.exports = {
  displayName: 'deploy',
  preset: '../jest.preset.js',
  // The first run builds helm from source (scripts/ensure-helm.sh), which takes minutes.
  testTimeout: 120_000,
};
