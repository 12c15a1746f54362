import { Inject, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RawDecoder } from '../decoders/raw.decoder';
import { KafkaConsumer } from '../decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../decorators/on-kafka-message.decorator';
import { UnresolvedPluginError } from '../errors/unresolved-plugin.error';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessagePlugin, NextFn } from '../interfaces/message-plugin.interface';
import { KafkaesqueModule } from '../kafkaesque.module';
import { KafkaesqueTestHarness } from '../testing/kafkaesque-test-harness';

const TOPIC = 'with-class-plugin';
const GREETING = Symbol('GREETING');
const seen: string[] = [];

/** A plugin with a dependency: it can only come from the app's providers. */
@Injectable()
class GreetingPlugin implements MessagePlugin {
  constructor(@Inject(GREETING) private readonly greeting: string) {}

  async handle(_message: unknown, _context: MessageContext, next: NextFn): Promise<void> {
    seen.push(this.greeting);
    await next();
  }
}

@KafkaConsumer({
  groupId: 'class-plugins',
  topics: { [TOPIC]: { decoder: new RawDecoder(), plugins: [GreetingPlugin], deadLetter: null } },
})
@Injectable()
class ClassPluginConsumer {
  @OnKafkaMessage(TOPIC)
  async handle(): Promise<void> {
    seen.push('handler');
  }
}

describe('plugins given as classes', () => {
  it('are resolved from the providers at boot, with their dependencies', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting()],
      providers: [ClassPluginConsumer, GreetingPlugin, { provide: GREETING, useValue: 'hello' }],
    }).compile();
    const harness = await KafkaesqueTestHarness.create(moduleRef);
    try {
      expect(await harness.pushRaw(TOPIC, { value: 'x' })).toMatchObject({ status: 'handled' });
      expect(seen).toEqual(['hello', 'handler']);
    } finally {
      await harness.close();
    }
  });

  it('fail the boot when they are not providers', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaesqueModule.forTesting()],
      providers: [ClassPluginConsumer],
    }).compile();
    const boot = KafkaesqueTestHarness.create(moduleRef);
    await expect(boot).rejects.toThrow(UnresolvedPluginError);
    await expect(boot).rejects.toThrow(
      'ClassPluginConsumer: plugin GreetingPlugin of topic "with-class-plugin" is a class that is not a provider of the app',
    );
  });
});
