import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JsonDecoder } from '../decoders/json.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessagePlugin, NextFn } from '../interfaces/message-plugin.interface';
import { KafkaesqueModule } from '../kafkaesque.module';
import { KafkaesqueTestHarness } from '../testing/kafkaesque-test-harness';

const log: string[] = [];

class Recording implements MessagePlugin {
  constructor(readonly name: string) {}
  async handle(_message: unknown, context: MessageContext, next: NextFn): Promise<void> {
    log.push(`${this.name}:${context.topic}`);
    await next();
  }
}

/** Injectable, to check that a module-level plugin given as a class is resolved like a topic's. */
@Injectable()
class InjectedPlugin implements MessagePlugin {
  async handle(_message: unknown, context: MessageContext, next: NextFn): Promise<void> {
    log.push(`injected:${context.topic}`);
    await next();
  }
}

@KafkaConsumer({
  groupId: 'module-plugins.test',
  topics: {
    first: { decoder: new JsonDecoder(), plugins: [new Recording('topic')], deadLetter: null },
    second: { decoder: new JsonDecoder(), deadLetter: null },
  },
})
@Injectable()
class TwoTopicsConsumer {
  @OnKafkaMessage('first')
  @OnKafkaMessage('second')
  async handle(_message: unknown, context: MessageContext): Promise<void> {
    log.push(`handler:${context.topic}`);
  }
}

describe('KafkaesqueModuleOptions.plugins', () => {
  beforeEach(() => (log.length = 0));

  it('runs the module plugins on every topic, before the topic’s own', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting({ plugins: [new Recording('module'), InjectedPlugin] })],
      providers: [TwoTopicsConsumer, InjectedPlugin],
    }).compile();
    const harness = await KafkaesqueTestHarness.create(moduleRef);
    try {
      expect(await harness.pushRaw('first', { value: '{}' })).toMatchObject({ status: 'handled' });
      expect(await harness.pushRaw('second', { value: '{}' })).toMatchObject({ status: 'handled' });
    } finally {
      await harness.close();
    }
    expect(log).toEqual([
      'module:first',
      'injected:first',
      'topic:first',
      'handler:first',
      'module:second',
      'injected:second',
      'handler:second',
    ]);
  });

  it('changes nothing when unset', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting()],
      providers: [TwoTopicsConsumer],
    }).compile();
    const harness = await KafkaesqueTestHarness.create(moduleRef);
    try {
      await harness.pushRaw('first', { value: '{}' });
    } finally {
      await harness.close();
    }
    expect(log).toEqual(['topic:first', 'handler:first']);
  });
});
