import { Injectable, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  JsonDecoder,
  KafkaConsumer,
  KafkaesqueModule,
  OnKafkaMessage,
  type MessageContext,
  type MessagePlugin,
} from '@platform/kafkaesque';
import { KafkaesqueTestHarness } from '@platform/kafkaesque/testing';
import { randomUUID } from 'node:crypto';

export const TOPIC = 'inbox-contract';

export function uniquePrefix(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

export interface ContractMessage {
  readonly eventUuid?: string;
  readonly note?: string;
}

export type ContractHandler = (message: ContractMessage, context: MessageContext) => Promise<void>;

/**
 * A harness whose consumer groups (one per name) read TOPIC as JSON through `plugin`, under a
 * prefix of its own, so that inbox entries of different tests never meet.
 */
export async function contractHarness(
  plugin: MessagePlugin | Type<MessagePlugin>,
  handle: ContractHandler,
  options: { retries?: number; groups?: readonly string[]; prefix?: string } = {},
): Promise<KafkaesqueTestHarness> {
  const consumers = (options.groups ?? ['contract']).map((groupId) => {
    @KafkaConsumer({
      groupId,
      topics: { [TOPIC]: { decoder: new JsonDecoder<ContractMessage>(), plugins: [plugin], deadLetter: {} } },
      retries: options.retries ?? 2,
      initialBackoffMs: 1,
    })
    @Injectable()
    class ContractConsumer {
      @OnKafkaMessage(TOPIC)
      handle(message: ContractMessage, context: MessageContext): Promise<void> {
        return handle(message, context);
      }
    }
    return ContractConsumer;
  });
  const moduleRef = await Test.createTestingModule({
    imports: [KafkaesqueModule.forTesting({ prefix: options.prefix ?? uniquePrefix() })],
    providers: consumers,
  }).compile();
  return KafkaesqueTestHarness.create(moduleRef);
}
