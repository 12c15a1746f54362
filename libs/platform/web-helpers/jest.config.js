module.exports = {
  displayName: 'web-helpers',
  preset: '../../../jest.preset.js',
};
