module.exports = {
  displayName: 'starter',
  preset: '../../jest.preset.js',
};
