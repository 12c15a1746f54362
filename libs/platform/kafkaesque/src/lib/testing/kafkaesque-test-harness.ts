import type { INestApplicationContext } from '@nestjs/common';
import { KafkaesqueCatalog } from '../discovery/kafkaesque-catalog';
import type { ConsumerDefinition, TopicRoute } from '../discovery/consumer-definition';
import type { DeadLetterRecord } from '../interfaces/dead-letter.interface';
import type { KafkaHeaders, RawRecord } from '../interfaces/raw-record.interface';
import { runPartitionBatch, type PipelineRecord } from '../processing/partition-pipeline';
import type { PreDecoded, ProcessingOutcome } from '../processing/process-record';
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
    private readonly catalog: KafkaesqueCatalog,
    private readonly prefix: string,
  ) {}

  /** Initializes the module (discovery and validation run: a misconfigured consumer rejects here). */
  static async create(app: INestApplicationContext): Promise<KafkaesqueTestHarness> {
    await app.init();
    const options = app.get<KafkaesqueModuleOptions>(KAFKAESQUE_OPTIONS, { strict: false });
    return new KafkaesqueTestHarness(app, app.get(KafkaesqueCatalog, { strict: false }), options.prefix);
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
    const batch = records.map((input) => ({
      record: this.toRecord(kafkaTopic, input),
      ...('decoded' in input ? { preDecoded: { value: input.decoded } } : {}),
    }));
    return this.run(definition, batch, true);
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
    const record = { record: this.toRecord(kafkaTopic, input), preDecoded };
    return this.run(definition, [record], false).then(({ results }) => results[0]);
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

  /**
   * The consumer's own partition pipeline, with an in-memory sink: backoffs recorded instead of
   * waited, dead letters captured. Single pushes run without batch hooks (no `context.batch`).
   */
  private async run(
    definition: ConsumerDefinition,
    records: readonly PipelineRecord[],
    batchHooks: boolean,
  ): Promise<HarnessBatchResult & { results: HarnessResult[] }> {
    const first = records[0]?.record;
    const route: TopicRoute | undefined = definition.routes.get(first?.topic ?? '');
    if (!route) throw new Error(`Group ${definition.groupId} does not read topic ${first?.topic}`);
    let backoffsMs: number[] = [];
    const results: HarnessResult[] = [];
    const result = await runPartitionBatch(
      definition,
      route,
      first?.partition ?? 0,
      records,
      {
        signal: new AbortController().signal,
        sleep: async (ms) => void backoffsMs.push(ms),
        publishDeadLetter: async (deadLetter: DeadLetterRecord) => {
          if (this.deadLetterFailure) throw this.deadLetterFailure;
          this.deadLetters.push(deadLetter);
        },
        now: () => new Date(),
        keepGoing: () => true,
        settle: () => undefined,
        onOutcome: (_record, outcome: ProcessingOutcome) => {
          results.push({ ...outcome, groupId: definition.groupId, backoffsMs });
          backoffsMs = [];
        },
      },
      { batchHooks },
    );
    return {
      results,
      committed: !result.beforeCommitFailure,
      beforeCommitError: result.beforeCommitFailure?.error,
      batchStartErrors: result.batchStartFailures.map((failure) => failure.error),
    };
  }

  private consumerOf(kafkaTopic: string, groupId: string | undefined): ConsumerDefinition {
    if (groupId !== undefined) return this.catalog.definition(groupId);
    const candidates = this.catalog.list().filter((d) => d.routes.has(kafkaTopic));
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
