module.exports = {
  displayName: 'my-service',
  preset: '../../jest.preset.js',
};
