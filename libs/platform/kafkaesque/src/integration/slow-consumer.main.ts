// A consumer process for the kill test: handles each record of <topic> slowly and prints
// "handled <offset>" per record, so the test can SIGKILL it in the middle of a batch.
// usage: node -r tools/testing/register.js slow-consumer.main.ts <prefix> <groupId> <topic>
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { KafkaConsumer } from '../lib/decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../lib/decorators/on-kafka-message.decorator';
import { RawDecoder } from '../lib/decoders/raw.decoder';
import type { MessageContext } from '../lib/interfaces/message-context.interface';
import { KafkaesqueModule } from '../lib/kafkaesque.module';
import { brokers, FAST_TUNING } from './kafka-test-kit';

const [prefix, groupId, topic] = process.argv.slice(2);

@KafkaConsumer({ groupId, topics: { [topic]: { decoder: new RawDecoder(), deadLetter: null } } })
@Injectable()
class SlowConsumer {
  @OnKafkaMessage(topic)
  async handle(_value: Buffer | null, context: MessageContext): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 150));
    process.stdout.write(`handled ${context.offset}\n`);
  }
}

@Module({
  imports: [
    KafkaesqueModule.forRoot({
      connection: { brokers: brokers() },
      prefix,
      clientId: 'slow-consumer',
      consumerDefaults: FAST_TUNING,
      logLevel: 'nothing',
    }),
  ],
  providers: [SlowConsumer],
})
class SlowConsumerModule {}

void NestFactory.createApplicationContext(SlowConsumerModule, { logger: false }).then(() =>
  process.stdout.write('started\n'),
);
