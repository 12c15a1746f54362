import { HeartbeatsRegistry } from '@platform/heartbeats';
import { UnknownConsumerGroupError } from '../errors/unknown-consumer-group.error';
import {
  kafkaConsumerReadinessCheck,
  registerKafkaConsumerReadinessCheck,
} from './kafka-consumer-readiness.check';
import { KafkaesqueHealth } from './kafkaesque-health';

describe('kafka consumer readiness check', () => {
  let health: KafkaesqueHealth;

  beforeEach(() => {
    health = new KafkaesqueHealth();
    health.register('orders', 'dev.orders');
  });

  it('is unhealthy until joined, through the warm-up, then healthy with the assignment', async () => {
    jest.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    try {
      const check = kafkaConsumerReadinessCheck(health, 'orders', { warmupMs: 10_000 });
      expect(await check()).toEqual({ healthy: false, reason: 'consumer dev.orders is stopped' });
      health.setState('orders', 'starting');
      expect(await check()).toEqual({
        healthy: false,
        reason: 'consumer dev.orders has not joined its group yet',
      });
      health.joined('orders', { 'dev.orders-v1': [0, 1] });
      jest.advanceTimersByTime(4_000);
      expect(await check()).toEqual({
        healthy: false,
        reason: 'consumer dev.orders is warming up (joined 4000 ms ago)',
      });
      jest.advanceTimersByTime(6_000);
      expect(await check()).toEqual({
        healthy: true,
        details: { state: 'joined', assignment: { 'dev.orders-v1': [0, 1] }, partitions: 2 },
      });
      // A rebalance after the first join does not flap readiness.
      health.setState('orders', 'rebalancing');
      expect(await check()).toMatchObject({ healthy: true });
    } finally {
      jest.useRealTimers();
    }
  });

  it('is unhealthy with the reason while a partition is blocked, and after a crash', async () => {
    const check = kafkaConsumerReadinessCheck(health, 'orders', { warmupMs: 0 });
    health.joined('orders', { 'dev.orders-v1': [0] });
    expect(await check()).toMatchObject({ healthy: true });

    const since = new Date('2025-01-01T00:00:00Z');
    health.block('orders', {
      topic: 'dev.orders-v1',
      partition: 0,
      offset: '17',
      reason: 'handler failed: boom',
      since,
    });
    expect(await check()).toEqual({
      healthy: false,
      reason: 'dev.orders-v1[0] blocked at offset 17 since 2025-01-01T00:00:00.000Z: handler failed: boom',
    });

    health.crashed('orders', 'The group coordinator is not available', true);
    expect(await check()).toEqual({
      healthy: false,
      reason: 'consumer dev.orders crashed: The group coordinator is not available',
    });
    expect(health.get('orders').blocked).toEqual([]);

    health.joined('orders', { 'dev.orders-v1': [0] });
    expect(await check()).toMatchObject({ healthy: true });
  });

  it('is healthy while paused on purpose, naming why, and follows the join rules again once resumed', async () => {
    const check = kafkaConsumerReadinessCheck(health, 'orders', { warmupMs: 0 });
    health.joined('orders', { 'dev.orders-v1': [0] });
    health.setState('orders', 'stopped');
    health.paused('orders', 'kill switch kill-switch.orders is on');
    expect(await check()).toEqual({
      healthy: true,
      details: {
        state: 'paused',
        reason: 'kill switch kill-switch.orders is on',
        since: health.get('orders').pause?.at.toISOString(),
      },
    });
    expect(health.get('orders').assignment).toEqual({});

    health.setState('orders', 'starting');
    expect(health.get('orders').pause).toBeUndefined();
    expect(await check()).toEqual({
      healthy: false,
      reason: 'consumer dev.orders has not joined its group yet',
    });
  });

  it('registers as kafka-consumer:<group> and refuses unknown groups', async () => {
    const registry = new HeartbeatsRegistry();
    registerKafkaConsumerReadinessCheck(registry, health, 'orders', { warmupMs: 0, timeoutMs: 500 });
    expect(registry.registered('readiness')).toEqual(['kafka-consumer:orders']);
    expect(() => registerKafkaConsumerReadinessCheck(registry, health, 'payments')).toThrow(
      UnknownConsumerGroupError,
    );
  });

  it('whenJoined resolves at the join and rejects with the state after a timeout', async () => {
    const joined = health.whenJoined('orders', 1_000);
    health.joined('orders', {});
    await expect(joined).resolves.toMatchObject({ state: 'joined' });

    health.crashed('orders', 'no brokers', true);
    await expect(health.whenJoined('orders', 10)).rejects.toThrow(
      'dev.orders did not join within 10 ms (state: crashed, no brokers)',
    );
  });
});
