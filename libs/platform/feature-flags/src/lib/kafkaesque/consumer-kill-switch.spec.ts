import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { HeartbeatsModule, HeartbeatsRegistry } from '@platform/heartbeats';
import {
  JsonDecoder,
  KafkaConsumer,
  KafkaesqueConsumers,
  KafkaesqueHealth,
  KafkaesqueModule,
  OnKafkaMessage,
  registerKafkaConsumerReadinessCheck,
} from '@platform/kafkaesque';
import { FeatureFlagsModule } from '../feature-flags.module';
import { InMemoryFlags } from '../testing/in-memory-flags';
import { ConsumerKillSwitchModule } from './consumer-kill-switch.module';
import { ConsumerKillSwitch } from './consumer-kill-switch';

@KafkaConsumer({ groupId: 'ks.orders', topics: { orders: { decoder: new JsonDecoder(), deadLetter: null } } })
@Injectable()
class OrdersConsumer {
  @OnKafkaMessage('orders')
  async handle(): Promise<void> {
    // never runs: these groups never start
  }
}

@KafkaConsumer({
  groupId: 'ks.payments',
  topics: { payments: { decoder: new JsonDecoder(), deadLetter: null } },
})
@Injectable()
class PaymentsConsumer {
  @OnKafkaMessage('payments')
  async handle(): Promise<void> {
    // never runs: these groups never start
  }
}

// Real kafkaesque without a broker (forTesting: groups never start), flags in memory: what the
// switch asks of the consumers. Consumption really stopping and resuming is the integration test's.
describe('ConsumerKillSwitch', () => {
  let moduleRef: TestingModule;
  let flags: InMemoryFlags;
  let consumers: KafkaesqueConsumers;
  let health: KafkaesqueHealth;

  async function boot(initial: Record<string, boolean>): Promise<void> {
    moduleRef = await Test.createTestingModule({
      imports: [
        HeartbeatsModule.forRoot(),
        KafkaesqueModule.forTesting(),
        FeatureFlagsModule.forTesting(initial),
        ConsumerKillSwitchModule,
      ],
      providers: [OrdersConsumer, PaymentsConsumer],
    })
      .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
      .compile();
    await moduleRef.init();
    flags = moduleRef.get(InMemoryFlags);
    consumers = moduleRef.get(KafkaesqueConsumers);
    health = moduleRef.get(KafkaesqueHealth);
  }

  afterEach(() => moduleRef?.close());

  // pause and resume run in turn, after the listener returned.
  const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('watches kill-switch.<group> for every consumer group', async () => {
    await boot({});
    expect(moduleRef.get(ConsumerKillSwitch).flagNames()).toEqual([
      'kill-switch.ks.orders',
      'kill-switch.ks.payments',
    ]);
  });

  it('pauses a group whose switch is on at boot, before it could start, and only that group', async () => {
    await boot({ 'kill-switch.ks.orders': true });
    await settled();
    expect(consumers.isPaused('ks.orders')).toBe(true);
    expect(health.get('ks.orders').pause?.reason).toBe('kill switch kill-switch.ks.orders is on');
    expect(consumers.isPaused('ks.payments')).toBe(false);
  });

  it('pauses when the flag turns on and resumes when it turns off, reporting paused as ready', async () => {
    await boot({});
    const registry = moduleRef.get(HeartbeatsRegistry);
    registerKafkaConsumerReadinessCheck(registry, health, 'ks.payments', { warmupMs: 0 });

    flags.set('kill-switch.ks.payments', true);
    await settled();
    expect(consumers.isPaused('ks.payments')).toBe(true);
    const report = await registry.report('readiness');
    expect(report.checks).toEqual([
      expect.objectContaining({
        name: 'kafka-consumer:ks.payments',
        status: 'ok',
        details: expect.objectContaining({
          state: 'paused',
          reason: 'kill switch kill-switch.ks.payments is on',
        }),
      }),
    ]);

    flags.set('kill-switch.ks.payments', false);
    await settled();
    expect(consumers.isPaused('ks.payments')).toBe(false);
  });

  it('undoes a pause that an off right behind it overtakes', async () => {
    await boot({});
    flags.set('kill-switch.ks.orders', true);
    flags.set('kill-switch.ks.orders', false);
    await settled();
    expect(consumers.isPaused('ks.orders')).toBe(false);
  });

  it('leaves a group alone when its switch turns off without having been on', async () => {
    await boot({});
    const resume = jest.spyOn(consumers, 'resume');
    flags.set('kill-switch.ks.orders', false);
    await settled();
    expect(resume).not.toHaveBeenCalled();
  });
});
