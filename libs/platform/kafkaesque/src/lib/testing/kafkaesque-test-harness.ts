import type { INestApplicationContext } from '@nestjs/common';
import { KafkaesqueConsumers } from '../consumer/kafkaesque-consumers.service';
import type { ConsumerDefinition, TopicRoute } from '../discovery/consumer-definition';
import type { DeadLetterRecord } from '../interfaces/dead-letter.interface';
import type { KafkaHeaders, RawRecord } from '../interfaces/raw-record.interface';
import type { MessageBatch } from '../interfaces/message-batch.interface';
import {
  decodeBatchMessage,
  finishBatch,
  messageBatch,
  pluginsWithBatchHooks,
  startBatch,
} from '../processing/batch-hooks';
import { processRecord, type PreDecoded, type ProcessingOutcome } from '../processing/process-record';
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

/** A record of a batch; with `decoded`, the decoder is skipped for it (its `eventTypeOf` still picks the handler). */
export interface HarnessBatchRecord extends HarnessRecord {
  readonly decoded?: unknown;
}

/** What became of a pushed batch. */
export interface HarnessBatchResult {
  /** One per processed record, in order; processing stops after a `failed` or `abandoned` one, as the consumer does. */
  readonly results: readonly HarnessResult[];
  /** Whether every plugin's `beforeCommit` agreed, i.e. the consumer would commit the batch's offsets. */
  readonly committed: boolean;
  /** What the `beforeCommit` that refused threw. */
  readonly beforeCommitError?: unknown;
  /** What each `onBatchStart` that failed threw (the consumer logs these and goes on). */
  readonly batchStartErrors: readonly unknown[];
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

  /**
   * Pushes records as one fetched batch of one partition, the way the consumer processes a
   * batch: plugins' `onBatchStart` first (every record decoded up front), then each record in
   * order with `context.batch` set, then `beforeCommit`. Records with `decoded` skip the decoder.
   */
  async pushBatch(topic: string, records: readonly HarnessBatchRecord[]): Promise<HarnessBatchResult> {
    const kafkaTopic = withPrefix(this.prefix, topic);
    const groups = new Set(records.map((r) => r.groupId));
    const partitions = new Set(records.map((r) => r.partition ?? 0));
    if (groups.size > 1 || partitions.size > 1)
      throw new Error('A batch holds the records of one group and one partition');
    const definition = this.consumerOf(kafkaTopic, records[0]?.groupId);
    const route = definition.routes.get(kafkaTopic) as TopicRoute;
    const raws = records.map((input) => this.toRecord(kafkaTopic, input));
    const messages = raws.map((record, index) =>
      'decoded' in records[index]
        ? { record, decoded: records[index].decoded, decodeFailed: false }
        : decodeBatchMessage(route, record),
    );
    const prepared = messageBatch(
      definition,
      route,
      raws[0]?.partition ?? 0,
      messages,
      new AbortController().signal,
    );
    const hooked = pluginsWithBatchHooks(route);
    const batchStartErrors = (await startBatch(hooked, prepared)).map((failure) => failure.error);
    const results: HarnessResult[] = [];
    for (const [index, record] of raws.entries()) {
      const message = prepared.messages[index];
      const result = await this.process(
        definition,
        record,
        message.decodeFailed ? undefined : { value: message.decoded },
        prepared,
      );
      results.push(result);
      if (result.status === 'failed' || result.status === 'abandoned') break;
    }
    const failure = await finishBatch(hooked, prepared);
    return { results, committed: !failure, beforeCommitError: failure?.error, batchStartErrors };
  }

  /** Makes every following dead-letter write fail with `error` (undefined restores). */
  failDeadLetters(error: Error | undefined): void {
    this.deadLetterFailure = error;
  }

  close(): Promise<void> {
    return this.app.close();
  }

  private push(
    topic: string,
    input: HarnessRecord,
    preDecoded: PreDecoded | undefined,
  ): Promise<HarnessResult> {
    const kafkaTopic = withPrefix(this.prefix, topic);
    const definition = this.consumerOf(kafkaTopic, input.groupId);
    return this.process(definition, this.toRecord(kafkaTopic, input), preDecoded, undefined);
  }

  private toRecord(kafkaTopic: string, input: HarnessRecord): RawRecord {
    return {
      topic: kafkaTopic,
      partition: input.partition ?? 0,
      offset: String(input.offset ?? this.nextOffset++),
      key: toBuffer(input.key),
      value: toBuffer(input.value),
      headers: input.headers ?? {},
      timestamp: String(input.timestamp ?? Date.now()),
    };
  }

  private async process(
    definition: ConsumerDefinition,
    record: RawRecord,
    preDecoded: PreDecoded | undefined,
    batch: MessageBatch | undefined,
  ): Promise<HarnessResult> {
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
        batch,
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
