module.exports = {
  displayName: 'heartbeats',
  preset: '../../../jest.preset.js',
};
