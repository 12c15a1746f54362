module.exports = {
  displayName: 'my-service-graphql',
  preset: '../../jest.preset.js',
};
