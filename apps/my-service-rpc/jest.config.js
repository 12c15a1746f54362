module.exports = {
  displayName: 'my-service-rpc',
  preset: '../../jest.preset.js',
};
