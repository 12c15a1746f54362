import type { INestApplicationContext } from '@nestjs/common';
import { KafkaesqueConsumers } from '../consumer/kafkaesque-consumers.service';
import type { ConsumerDefinition, TopicRoute } from '../discovery/consumer-definition';
import type { DeadLetterRecord } from '../interfaces/dead-letter.interface';
import type { KafkaHeaders, RawRecord } from '../interfaces/raw-record.interface';
import { processRecord, type ProcessingOutcome } from '../processing/process-record';
import { KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from '../kafkaesque.options';
import { withPrefix } from '../topic-names';

/** A record to push; everything but the value has a default. */
export interface HarnessRecord {
  readonly key?: Buffer | string | null;
  readonly value?: Buffer | Uint8Array | string | null;
  readonly headers?: KafkaHeaders;
  readonly partition?: number;
  readonly offset?: string | number;
  /** Unix ms. */
  readonly timestamp?: string | number;
  /** Which group gets it, when several consume the topic. */
  readonly groupId?: string;
}

/** The outcome plus what the harness observed: backoff delays asked for, the dead letter written. */
export type HarnessResult = ProcessingOutcome & {
  readonly groupId: string;
  readonly backoffsMs: readonly number[];
};

/**
 * kafkaesque's TestCase: pushes one message through the real decoder, plugins, guards,
 * interceptors and handler of a consumer, with its retries, without a broker. Backoffs are
 * recorded, not waited; dead letters are captured in `deadLetters`.
 *
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [KafkaesqueModule.forTesting()],
 *   providers: [AddOnEventsConsumer, { provide: EnableAddOn, useValue: enableAddOn }],
 * }).compile();
 * const harness = await KafkaesqueTestHarness.create(moduleRef);
 * const result = await harness.pushRaw('add-ons.add-on-events-v1', { key: providerId, value: debeziumRecordValue({...}) });
 * expect(result.status).toBe('handled');
 * ```
 */
export class KafkaesqueTestHarness {
  /** Every dead letter written, in order. */
  readonly deadLetters: DeadLetterRecord[] = [];
  private deadLetterFailure: Error | undefined;
  private nextOffset = 0;

  private constructor(
    readonly app: INestApplicationContext,
    private readonly consumers: KafkaesqueConsumers,
    private readonly prefix: string,
  ) {}

  /** Initializes the module (discovery and validation run: a misconfigured consumer rejects here). */
  static async create(app: INestApplicationContext): Promise<KafkaesqueTestHarness> {
    await app.init();
    const options = app.get<KafkaesqueModuleOptions>(KAFKAESQUE_OPTIONS, { strict: false });
    return new KafkaesqueTestHarness(app, app.get(KafkaesqueConsumers, { strict: false }), options.prefix);
  }

  /** Pushes a record through the topic's decoder (`topic` without prefix). */
  pushRaw(topic: string, record: HarnessRecord): Promise<HarnessResult> {
    return this.push(topic, record, undefined);
  }

  /** Pushes an already decoded message: the decoder is skipped, its `eventTypeOf` still picks the handler. */
  pushDecoded(topic: string, decoded: unknown, record: HarnessRecord = {}): Promise<HarnessResult> {
    return this.push(topic, record, { value: decoded });
  }

  /** Makes every following dead-letter write fail with `error` (undefined restores). */
  failDeadLetters(error: Error | undefined): void {
    this.deadLetterFailure = error;
  }

  close(): Promise<void> {
    return this.app.close();
  }

  private async push(
    topic: string,
    input: HarnessRecord,
    preDecoded: { value: unknown } | undefined,
  ): Promise<HarnessResult> {
    const kafkaTopic = withPrefix(this.prefix, topic);
    const definition = this.consumerOf(kafkaTopic, input.groupId);
    const record: RawRecord = {
      topic: kafkaTopic,
      partition: input.partition ?? 0,
      offset: String(input.offset ?? this.nextOffset++),
      key: toBuffer(input.key),
      value: toBuffer(input.value),
      headers: input.headers ?? {},
      timestamp: String(input.timestamp ?? Date.now()),
    };
    const backoffsMs: number[] = [];
    const outcome = await processRecord(
      definition,
      record,
      {
        signal: new AbortController().signal,
        sleep: async (ms) => void backoffsMs.push(ms),
        publishDeadLetter: async (deadLetter: DeadLetterRecord, _route: TopicRoute) => {
          if (this.deadLetterFailure) throw this.deadLetterFailure;
          this.deadLetters.push(deadLetter);
        },
        now: () => new Date(),
      },
      preDecoded,
    );
    return { ...outcome, groupId: definition.groupId, backoffsMs };
  }

  private consumerOf(kafkaTopic: string, groupId: string | undefined): ConsumerDefinition {
    if (groupId !== undefined) return this.consumers.definition(groupId);
    const candidates = this.consumers.list().filter((d) => d.routes.has(kafkaTopic));
    if (candidates.length === 1) return candidates[0];
    if (candidates.length === 0) throw new Error(`No @KafkaConsumer reads topic ${kafkaTopic}`);
    throw new Error(
      `Several groups read ${kafkaTopic} (${candidates.map((d) => d.groupId).join(', ')}): pass groupId`,
    );
  }
}

function toBuffer(value: Buffer | Uint8Array | string | null | undefined): Buffer | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}
