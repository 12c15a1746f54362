module.exports = {
  displayName: 'my-service-events-consumers',
  preset: '../../jest.preset.js',
};
