module.exports = {
  displayName: 'kafkaesque-addons',
  preset: '../../../jest.preset.js',
  // One file at a time: the Redis outage test stops the shared local Redis, which the other files use.
  maxWorkers: 1,
};
