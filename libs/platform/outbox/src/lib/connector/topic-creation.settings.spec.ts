import { topicCreationSettings } from './topic-creation.settings';

describe('topicCreationSettings', () => {
  const defaults = {
    partitions: 3,
    replicationFactor: 3,
    config: { 'min.insync.replicas': '2', 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
  };

  it('gives every declared topic a group matched by its exact name, and the defaults to the rest', () => {
    const settings = topicCreationSettings(defaults, [
      {
        topic: 'prod.orders.order-events-v1',
        partitions: 6,
        replicationFactor: 3,
        config: { 'min.insync.replicas': '2' },
      },
      {
        topic: 'prod.orders.order-events-v1.dlq',
        partitions: 3,
        replicationFactor: 3,
        config: { 'retention.ms': '2419200000' },
      },
    ]);
    expect(settings).toEqual({
      'topic.creation.default.partitions': '3',
      'topic.creation.default.replication.factor': '3',
      'topic.creation.default.min.insync.replicas': '2',
      'topic.creation.default.cleanup.policy': 'delete',
      'topic.creation.default.retention.ms': '604800000',
      'topic.creation.groups': 'declared0,declared1',
      'topic.creation.declared0.include': '^prod\\.orders\\.order-events-v1$',
      'topic.creation.declared0.partitions': '6',
      'topic.creation.declared0.replication.factor': '3',
      'topic.creation.declared0.min.insync.replicas': '2',
      'topic.creation.declared1.include': '^prod\\.orders\\.order-events-v1\\.dlq$',
      'topic.creation.declared1.partitions': '3',
      'topic.creation.declared1.replication.factor': '3',
      'topic.creation.declared1.retention.ms': '2419200000',
    });
    // The include pattern is a regex: it must match the topic and nothing that merely looks like it.
    const include = new RegExp(settings['topic.creation.declared0.include']);
    expect(include.test('prod.orders.order-events-v1')).toBe(true);
    expect(include.test('prodXorders.order-events-v1')).toBe(false);
    expect(include.test('prod.orders.order-events-v1.dlq')).toBe(false);
  });

  it('leaves a partition count or replication factor the file does not set to the broker (-1)', () => {
    expect(topicCreationSettings({ config: {} }, [])).toEqual({
      'topic.creation.default.partitions': '-1',
      'topic.creation.default.replication.factor': '-1',
    });
  });
});
