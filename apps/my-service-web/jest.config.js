module.exports = {
  displayName: 'my-service-web',
  preset: '../../jest.preset.js',
};
