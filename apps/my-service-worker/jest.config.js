module.exports = {
  displayName: 'my-service-worker',
  preset: '../../jest.preset.js',
};
