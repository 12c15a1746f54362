module.exports = {
  displayName: 'kafkaesque',
  preset: '../../../jest.preset.js',
};
