import diagnosticsChannel from 'node:diagnostics_channel';
import { subscribeToChannel } from './subscribe-to-channel';

describe('subscribeToChannel', () => {
  it('delivers published messages until unsubscribed', () => {
    const channel = diagnosticsChannel.channel('monitor-spec:dead-lettered');
    const received: unknown[] = [];
    const unsubscribe = subscribeToChannel<{ topic: string }>('monitor-spec:dead-lettered', (message) =>
      received.push(message.topic),
    );
    channel.publish({ topic: 'dev.add-ons' });
    unsubscribe();
    channel.publish({ topic: 'after' });
    expect(received).toEqual(['dev.add-ons']);
    expect(channel.hasSubscribers).toBe(false);
  });

  it('reports a failing listener instead of throwing into the publisher', () => {
    const errors: unknown[] = [];
    const unsubscribe = subscribeToChannel(
      'monitor-spec:retry-scheduled',
      () => {
        throw new Error('listener bug');
      },
      (error) => errors.push(error),
    );
    expect(() => diagnosticsChannel.channel('monitor-spec:retry-scheduled').publish({})).not.toThrow();
    unsubscribe();
    expect(errors).toEqual([new Error('listener bug')]);
  });
});
