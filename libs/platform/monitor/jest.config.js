module.exports = {
  displayName: 'monitor',
  preset: '../../../jest.preset.js',
};
