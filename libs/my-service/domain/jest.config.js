module.exports = {
  displayName: 'my-service-domain',
  preset: '../../../jest.preset.js',
};
