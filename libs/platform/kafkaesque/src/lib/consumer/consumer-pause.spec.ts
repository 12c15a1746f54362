import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { JsonDecoder } from '../decoders/json.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import { UnknownConsumerGroupError } from '../errors/unknown-consumer-group.error';
import { KafkaesqueHealth } from '../health/kafkaesque-health';
import { KafkaesqueModule } from '../kafkaesque.module';
import { KafkaesqueConsumers } from './kafkaesque-consumers.service';

@KafkaConsumer({
  groupId: 'pause.orders',
  topics: { orders: { decoder: new JsonDecoder(), deadLetter: null } },
})
@Injectable()
class OrdersConsumer {
  @OnKafkaMessage('orders')
  async handle(): Promise<void> {
    // never runs: these groups never start
  }
}

// Without a broker (forTesting never connects): what pause and resume decide before any client
// exists. Pausing and resuming a running group is covered against the real broker in
// @platform/feature-flags' kill switch integration test.
describe('KafkaesqueConsumers.pause / resume', () => {
  let moduleRef: TestingModule;
  let consumers: KafkaesqueConsumers;
  let health: KafkaesqueHealth;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting()],
      providers: [OrdersConsumer],
    }).compile();
    consumers = moduleRef.get(KafkaesqueConsumers);
    health = moduleRef.get(KafkaesqueHealth);
  });

  afterEach(() => moduleRef.close());

  it('can pause before the consumers were discovered, and start() then leaves the group alone', async () => {
    // Another provider's onModuleInit may run before kafkaesque's: the first call discovers.
    await consumers.pause('pause.orders', 'kill switch on');
    await moduleRef.init();
    await consumers.start('pause.orders');
    expect(consumers.isPaused('pause.orders')).toBe(true);
    expect(health.get('pause.orders')).toMatchObject({
      state: 'paused',
      pause: { reason: 'kill switch on' },
    });
  });

  it('resumes to stopped when nothing had asked the group to run', async () => {
    await moduleRef.init();
    await consumers.pause('pause.orders', 'kill switch on');
    await consumers.pause('pause.orders', 'still on'); // idempotent, keeps the latest reason
    expect(health.get('pause.orders').pause?.reason).toBe('still on');
    await consumers.resume('pause.orders');
    await consumers.resume('pause.orders');
    expect(consumers.isPaused('pause.orders')).toBe(false);
    expect(health.get('pause.orders').state).toBe('stopped');
    expect(health.get('pause.orders')).not.toHaveProperty('pause');
  });

  it('keeps a group stopped on resume when it was stopped on purpose while paused', async () => {
    await moduleRef.init();
    await consumers.pause('pause.orders', 'kill switch on');
    await consumers.start('pause.orders'); // would run once resumed...
    await consumers.stop('pause.orders'); // ...but not after this
    await consumers.resume('pause.orders');
    expect(health.get('pause.orders').state).toBe('stopped');
  });

  it('refuses groups it does not know', async () => {
    await moduleRef.init();
    expect(() => consumers.pause('nope', 'x')).toThrow(UnknownConsumerGroupError);
    expect(() => consumers.resume('nope')).toThrow(UnknownConsumerGroupError);
  });
});
