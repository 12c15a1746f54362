import { performance } from 'node:perf_hooks';
import type { ConsumerDefinition, TopicRoute } from '../discovery/consumer-definition';
import {
  KAFKAESQUE_CHANNELS,
  publish,
  type BatchEvent,
  type BatchExceptionEvent,
  type BatchStopEvent,
} from '../events/kafkaesque.channels';
import type { BatchMessage, MessageBatch } from '../interfaces/message-batch.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';
import {
  decodeBatchMessage,
  finishBatch,
  messageBatch,
  pluginsWithBatchHooks,
  startBatch,
  type BatchHookFailure,
} from './batch-hooks';
import {
  processRecord,
  type PreDecoded,
  type ProcessingDeps,
  type ProcessingOutcome,
} from './process-record';

/** A record of a fetched batch; with `preDecoded`, the decoder is skipped for it (the test harness). */
export interface PipelineRecord {
  readonly record: RawRecord;
  readonly preDecoded?: PreDecoded;
}

/** Where a batch's records go and what the pipeline asks of its caller. */
export interface PartitionPipelineDeps extends Omit<ProcessingDeps, 'batch'> {
  /** Checked before each record: false ends the batch early (a stop, a rebalance, a lost heartbeat). */
  keepGoing(): boolean;
  /**
   * The partition may be committed up to (and including) this offset. Without batch hooks, after
   * each settled record; with them, once, after every `beforeCommit` agreed.
   */
  settle(offset: string): void;
  /** Each record's outcome as soon as it is known (logs, metrics). */
  onOutcome?(record: RawRecord, outcome: ProcessingOutcome): void;
  /** A batch hook threw, as soon as it did: `onBatchStart` (the batch goes on) or `beforeCommit` (nothing settles). */
  onHookFailure?(hook: 'onBatchStart' | 'beforeCommit', failure: BatchHookFailure): void;
}

export interface PartitionPipelineOptions {
  /**
   * Run the route's batch hooks (`onBatchStart`, `beforeCommit`) and give each message
   * `context.batch`. Default true, as the consumer does; the harness's single pushes turn it off.
   */
  readonly batchHooks?: boolean;
}

/** What became of a batch: each processed record's outcome, and what blocks the partition. */
export interface PartitionBatchResult {
  /** In offset order; processing stops after a `failed` or `abandoned` record, or when `keepGoing` says so. */
  readonly outcomes: ReadonlyArray<{ readonly record: RawRecord; readonly outcome: ProcessingOutcome }>;
  /** The record the partition must stay paused at: it neither succeeded nor reached the DLQ. */
  readonly blocked?: {
    readonly record: RawRecord;
    readonly outcome: ProcessingOutcome & { status: 'failed' };
  };
  /** `onBatchStart` failures: the batch went on without what they prepared. */
  readonly batchStartFailures: readonly BatchHookFailure[];
  /** The `beforeCommit` that refused: nothing of the batch was settled. */
  readonly beforeCommitFailure?: BatchHookFailure;
}

/**
 * The one way records of one partition are processed, by the consumer on Kafka and by the test
 * harness alike: batch hooks around the batch (records decoded once, up front, when a plugin has
 * them), then each record in offset order through processRecord, stopping at the first that
 * blocks or is abandoned. The caller adapts the outcome to its client: resolving and committing
 * offsets, pausing a blocked partition, reporting health.
 */
export async function runPartitionBatch(
  definition: ConsumerDefinition,
  route: TopicRoute,
  partition: number,
  records: readonly PipelineRecord[],
  deps: PartitionPipelineDeps,
  options: PartitionPipelineOptions = {},
): Promise<PartitionBatchResult> {
  const hooked = options.batchHooks === false ? [] : pluginsWithBatchHooks(route);
  const batch: MessageBatch | undefined =
    hooked.length > 0
      ? messageBatch(
          definition,
          route,
          partition,
          records.map((r) => prepare(route, r)),
          deps.signal,
        )
      : undefined;
  const started = performance.now();
  const batchEvent = (): BatchEvent => ({
    groupId: definition.groupId,
    kafkaGroupId: definition.kafkaGroupId,
    topic: route.topic,
    kafkaTopic: route.kafkaTopic,
    partition,
    messages: records.length,
    firstOffset: records[0]?.record.offset,
  });
  const hookFailed = (hook: BatchExceptionEvent['hook'], failure: BatchHookFailure) => {
    publish<BatchExceptionEvent>(KAFKAESQUE_CHANNELS.batchException, () => ({
      ...batchEvent(),
      hook,
      plugin: failure.plugin,
      error: failure.error,
    }));
    deps.onHookFailure?.(hook, failure);
  };
  const batchStartFailures = batch ? await startBatch(hooked, batch) : [];
  for (const failure of batchStartFailures) hookFailed('onBatchStart', failure);
  publish<BatchEvent>(KAFKAESQUE_CHANNELS.batchStart, batchEvent);
  const outcomes: Array<{ record: RawRecord; outcome: ProcessingOutcome }> = [];
  let blocked: PartitionBatchResult['blocked'];
  let lastSettled: string | undefined;
  let beforeCommitFailure: BatchHookFailure | undefined;
  try {
    for (const [index, { record, preDecoded }] of records.entries()) {
      if (!deps.keepGoing() || deps.signal.aborted) break;
      const prepared = batch?.messages[index];
      const decoded = prepared
        ? prepared.decodeFailed
          ? undefined
          : { value: prepared.decoded }
        : preDecoded;
      const outcome = await processRecord(definition, record, { ...deps, batch }, decoded);
      outcomes.push({ record, outcome });
      deps.onOutcome?.(record, outcome);
      if (outcome.status === 'abandoned') break;
      if (outcome.status === 'failed') {
        blocked = { record, outcome };
        break;
      }
      if (batch) lastSettled = record.offset;
      else deps.settle(record.offset);
    }
  } finally {
    if (batch) {
      beforeCommitFailure = await finishBatch(hooked, batch);
      if (beforeCommitFailure) hookFailed('beforeCommit', beforeCommitFailure);
      else if (lastSettled !== undefined) deps.settle(lastSettled);
    }
    publish<BatchStopEvent>(KAFKAESQUE_CHANNELS.batchStop, () => {
      const counts: Record<string, number> = {};
      for (const { outcome } of outcomes) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
      return {
        ...batchEvent(),
        durationMs: performance.now() - started,
        outcomes: counts,
        blocked: blocked !== undefined,
        settled: beforeCommitFailure === undefined,
      };
    });
  }
  return { outcomes, blocked, batchStartFailures, beforeCommitFailure };
}

/** A record as the batch hooks see it: decoded (once) unless its decoded value came with it. */
function prepare(route: TopicRoute, { record, preDecoded }: PipelineRecord): BatchMessage {
  return preDecoded
    ? { record, decoded: preDecoded.value, decodeFailed: false }
    : decodeBatchMessage(route, record);
}
