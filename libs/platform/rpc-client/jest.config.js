module.exports = {
  displayName: 'rpc-client',
  preset: '../../../jest.preset.js',
};
