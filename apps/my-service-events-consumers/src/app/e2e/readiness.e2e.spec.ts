import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { kafkaProducerConfig } from '@platform/config';
import { JsonDecoder, KafkaConsumer, OnKafkaMessage } from '@platform/kafkaesque';
import { localKafka, type BootedApp, eventually } from '@platform/testing';
import { AppModule } from '../app.module';
import { bootConsumersApp } from './boot-consumers';

const STRICT_TOPIC = `strict-${randomUUID().slice(0, 8)}`;

/** A consumer that chose no DLQ: a message it cannot decode must stop its partition, loudly. */
@KafkaConsumer({
  groupId: 'e2e.strict',
  topics: { [STRICT_TOPIC]: { decoder: new JsonDecoder(), deadLetter: null } },
})
@Injectable()
class StrictConsumer {
  readonly handled: unknown[] = [];

  @OnKafkaMessage(STRICT_TOPIC)
  async handle(message: unknown): Promise<void> {
    this.handled.push(message);
  }
}

@Module({ imports: [AppModule], providers: [StrictConsumer] })
class AppWithStrictConsumer {}

describe('events-consumers readiness over HTTP', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootConsumersApp(AppWithStrictConsumer, ['e2e.strict', 'my_service.add_on_activity']);
  }, 20 * 60_000);

  afterAll(() => booted?.app.close());

  it('is 200 while every consumer is healthy, 503 with the reason once one is blocked without a DLQ', async () => {
    await eventually(
      'ready',
      async () => ((await booted.getJson('/health/ready')).status === 200 ? true : undefined),
      60_000,
    );

    const producer = localKafka('e2e-strict').producer(kafkaProducerConfig());
    await producer.connect();
    await producer.send({ topic: `test.${STRICT_TOPIC}`, messages: [{ value: 'not json at all' }] });
    await producer.disconnect();

    const { body } = await eventually('not ready', async () => {
      const res = await booted.getJson('/health/ready');
      return res.status === 503 ? res : undefined;
    });
    const strict = (body.checks as Array<{ name: string; status: string; reason?: string }>).find(
      (c) => c.name === 'kafka-consumer:e2e.strict',
    );
    expect(strict?.status).toBe('unhealthy');
    expect(strict?.reason).toMatch(new RegExp(`test\\.${STRICT_TOPIC}\\[\\d+] blocked at offset 0`));
    const others = (body.checks as Array<{ name: string; status: string }>).filter(
      (c) => c.name !== 'kafka-consumer:e2e.strict',
    );
    expect(others.every((c) => c.status === 'ok')).toBe(true);
  }, 90_000);
});
