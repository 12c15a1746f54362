module.exports = {
  displayName: 'feature-flags',
  preset: '../../../jest.preset.js',
};
