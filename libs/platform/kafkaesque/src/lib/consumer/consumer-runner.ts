import type { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumerDefinition, TopicRoute } from '../discovery/consumer-definition';
import { DeadLetterPublishError } from '../errors/dead-letter-publish.error';
import {
  KAFKAESQUE_CHANNELS,
  publish,
  type BatchFetchedEvent,
  type ConsumerEvent,
  type OffsetsCommittedEvent,
} from '../events/kafkaesque.channels';
import type { KafkaesqueHealth } from '../health/kafkaesque-health';
import type { DeadLetterRecord } from '../interfaces/dead-letter.interface';
import { runPartitionBatch } from '../processing/partition-pipeline';
import type { ProcessingOutcome } from '../processing/process-record';
import type { KafkaesqueProducer } from '../producer/kafkaesque.producer';
import { errorMessage } from '../utils/error-message';
import { abortableSleep } from './abortable-sleep';
import { createMissingTopics, requireDeadLetterTopics } from './create-missing-topics';
import { toRawRecord } from './to-raw-record';

export interface ConsumerRunnerDeps {
  readonly kafka: Kafka;
  readonly producer: KafkaesqueProducer;
  readonly health: KafkaesqueHealth;
  readonly logger: Logger;
  /**
   * Local use and tests: create absent source and dead-letter topics with this many partitions.
   * Unset (production), a group whose dead-letter topics are missing does not start.
   */
  readonly createMissingTopics?: { readonly numPartitions: number };
  /** Called after every record's processing, whatever its outcome. */
  readonly onOutcome?: (outcome: ProcessingOutcome) => void;
  /** A client error as health and logs show it: with the brokers, protocol and SASL mechanism. Default: its message. */
  readonly describeError?: (error: unknown) => string;
}

const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Runs one consumer group on kafkajs: batches per partition, one message at a time in offset
 * order, an offset resolved only once its message is settled (handled, skipped or
 * dead-lettered), commits per `commitStrategy`, a partition paused at a message that could
 * not be settled. Restarts the client after a start failure or a crash kafkajs gives up on.
 */
export class ConsumerRunner {
  private consumer: Consumer | undefined;
  private starting: Promise<void> | undefined;
  private stopping = false;
  private readonly stopController = new AbortController();
  private restartTimer: NodeJS.Timeout | undefined;
  private restarts = 0;
  private pendingCommit: Promise<void> = Promise.resolve();
  /** The offsets this runner committed, by `topic[partition]`: what a stop reports as drained. */
  private readonly committed = new Map<string, string>();

  constructor(
    private readonly definition: ConsumerDefinition,
    private readonly deps: ConsumerRunnerDeps,
  ) {}

  /** Connects, subscribes and joins the group; resolves after the first join attempt (failures are retried in the background). */
  start(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.starting ??= this.startOnce().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /**
   * Graceful stop: no new message starts, a running handler finishes, pending retries are
   * abandoned (their messages stay uncommitted and are redelivered), settled offsets are
   * committed, then the member leaves the group.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopController.abort();
    clearTimeout(this.restartTimer);
    await this.starting;
    try {
      await this.consumer?.disconnect();
    } catch (error) {
      this.deps.logger.warn(
        `Disconnecting consumer ${this.definition.kafkaGroupId} failed: ${errorMessage(error)}`,
      );
    }
    await this.pendingCommit;
    this.deps.health.setState(this.definition.groupId, 'stopped');
    const offsets = [...this.committed].map(([partition, offset]) => `${partition}@${offset}`);
    this.deps.logger.log(
      `Consumer ${this.definition.kafkaGroupId} stopped and left its group; committed ` +
        (offsets.length > 0 ? `offsets (next to read) ${offsets.join(', ')}` : 'nothing in this run'),
    );
  }

  private async startOnce(): Promise<void> {
    const { definition, deps } = this;
    const { tuning } = definition;
    // A restart after a crash leaves the crash (and its reason) in health until the group joins:
    // readiness keeps saying why (a wrong password, an untrusted certificate), not just "not joined".
    if (deps.health.get(definition.groupId).state !== 'crashed')
      deps.health.setState(definition.groupId, 'starting');
    const consumer = deps.kafka.consumer({
      groupId: definition.kafkaGroupId,
      sessionTimeout: tuning.sessionTimeoutMs,
      heartbeatInterval: tuning.heartbeatIntervalMs,
      rebalanceTimeout: tuning.rebalanceTimeoutMs,
      maxBytesPerPartition: tuning.maxBytesPerPartition,
      maxWaitTimeInMs: tuning.maxWaitTimeMs,
      allowAutoTopicCreation: false,
      retry: { restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    this.listen(consumer);
    try {
      if (deps.createMissingTopics) {
        await createMissingTopics(deps.kafka, definition, deps.createMissingTopics.numPartitions);
      } else {
        await requireDeadLetterTopics(deps.kafka, definition);
      }
      await consumer.connect();
      await consumer.subscribe({
        topics: [...definition.routes.keys()],
        fromBeginning: tuning.startFrom === 'earliest',
      });
      if (this.stopping) return;
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: tuning.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload),
      });
    } catch (error) {
      const restarting = !this.stopping;
      const reason = this.describe(error);
      deps.health.crashed(definition.groupId, `start failed: ${reason}`, restarting);
      deps.logger.error(`Consumer ${definition.kafkaGroupId} failed to start: ${reason}`);
      await consumer.disconnect().catch(() => undefined);
      if (restarting) this.scheduleRestart();
    }
  }

  private listen(consumer: Consumer): void {
    const { definition, deps } = this;
    const { groupId, kafkaGroupId } = definition;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (consumer !== this.consumer) return;
      this.restarts = 0;
      const assignment = payload.memberAssignment as Record<string, number[]>;
      // kafkajs keeps a paused partition paused through rebalances: one that moved to another
      // member is released here, so that it is fetched again should it come back.
      for (const blocked of deps.health.get(groupId).blocked) {
        if (assignment[blocked.topic]?.includes(blocked.partition)) continue;
        consumer.resume([{ topic: blocked.topic, partitions: [blocked.partition] }]);
        deps.health.unblock(groupId, blocked.topic, blocked.partition);
      }
      deps.health.joined(groupId, assignment);
      const summary =
        Object.entries(assignment)
          .map(([t, p]) => `${t}[${p.join(',')}]`)
          .join(' ') || 'no partitions';
      deps.logger.log(`Consumer ${kafkaGroupId} joined: ${summary}`);
      publish<ConsumerEvent>(KAFKAESQUE_CHANNELS.consumerJoined, () => ({
        groupId,
        kafkaGroupId,
        assignment,
      }));
    });
    consumer.on(consumer.events.REBALANCING, () => {
      if (consumer === this.consumer && !this.stopping) deps.health.setState(groupId, 'rebalancing');
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (consumer !== this.consumer) return;
      deps.health.crashed(groupId, this.describe(payload.error), !this.stopping);
      publish<ConsumerEvent>(KAFKAESQUE_CHANNELS.consumerCrashed, () => ({
        groupId,
        kafkaGroupId,
        error: payload.error,
      }));
      // kafkajs restarts by itself unless the error is not retriable: then a new client is started here.
      if (!payload.restart && !this.stopping) this.scheduleRestart();
    });
  }

  private describe(error: unknown): string {
    return (this.deps.describeError ?? errorMessage)(error);
  }

  private scheduleRestart(): void {
    const delay = Math.min(1_000 * 2 ** this.restarts, MAX_RESTART_DELAY_MS);
    this.restarts++;
    this.deps.logger.warn(`Restarting consumer ${this.definition.kafkaGroupId} in ${delay} ms`);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.start(), delay);
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, isRunning, isStale } = payload;
    const { definition, deps } = this;
    const batchAbort = new AbortController();
    const abort = () => batchAbort.abort();
    if (this.stopController.signal.aborted) abort();
    this.stopController.signal.addEventListener('abort', abort, { once: true });
    const stopHeartbeats = this.keepHeartbeating(payload, abort);
    this.publishBatchFetched(payload);
    const where = `${batch.topic}[${batch.partition}]`;
    try {
      const route = definition.routes.get(batch.topic);
      if (!route)
        throw new Error(`No route for Kafka topic "${batch.topic}" in group ${definition.kafkaGroupId}`);
      const result = await runPartitionBatch(
        definition,
        route,
        batch.partition,
        batch.messages.map((message) => ({ record: toRawRecord(batch.topic, batch.partition, message) })),
        {
          signal: batchAbort.signal,
          sleep: abortableSleep,
          publishDeadLetter: (deadLetter, route) => this.publishDeadLetter(deadLetter, route),
          now: () => new Date(),
          keepGoing: () => isRunning() && !isStale() && !batchAbort.signal.aborted,
          settle: (offset) => resolveOffset(offset),
          onOutcome: (record, outcome) => {
            deps.onOutcome?.(outcome);
            if (outcome.status === 'dead-lettered')
              deps.logger.warn(
                `${where} offset ${record.offset} written to ${outcome.deadLetter.topic} after ` +
                  `${outcome.attempts} attempt(s): ${errorMessage(outcome.error)}`,
              );
          },
          onHookFailure: (hook, failure) =>
            deps.logger.warn(
              hook === 'onBatchStart'
                ? `${failure.plugin}.onBatchStart failed for ${where}; the batch goes on: ${errorMessage(failure.error)}`
                : `${failure.plugin}.beforeCommit failed for ${where}; the batch's offsets stay uncommitted and ` +
                    `its messages will be processed again: ${errorMessage(failure.error)}`,
            ),
        },
      );
      if (result.blocked) {
        const { record, outcome } = result.blocked;
        payload.pause();
        deps.health.block(definition.groupId, {
          topic: batch.topic,
          partition: batch.partition,
          offset: record.offset,
          reason: outcome.reason,
          since: new Date(),
        });
        deps.logger.error(`Consumer ${definition.kafkaGroupId} blocked ${where}: ${outcome.reason}`);
      }
    } finally {
      stopHeartbeats();
      this.stopController.signal.removeEventListener('abort', abort);
      await this.commit(payload);
    }
  }

  /** The batch's size and the partition's lag after it, for metrics (`kafkaesque:batch:fetched`). */
  private publishBatchFetched({ batch }: EachBatchPayload): void {
    const { groupId, kafkaGroupId } = this.definition;
    publish<BatchFetchedEvent>(KAFKAESQUE_CHANNELS.batchFetched, () => ({
      groupId,
      kafkaGroupId,
      topic: this.definition.routes.get(batch.topic)?.topic ?? batch.topic,
      kafkaTopic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.length,
      firstOffset: batch.firstOffset(),
      lastOffset: batch.lastOffset(),
      highWatermark: batch.highWatermark,
      offsetLag: Math.max(0, Number(batch.offsetLag())),
    }));
  }

  /**
   * Heartbeats while a batch runs, so a slow handler or a retry backoff does not cost the
   * group membership. A failed heartbeat (usually a rebalance) ends the batch after the
   * current message; kafkajs then re-joins.
   */
  private keepHeartbeating(payload: EachBatchPayload, onFailure: () => void): () => void {
    let inFlight = false;
    const timer = setInterval(
      () => {
        if (inFlight) return;
        inFlight = true;
        payload
          .heartbeat()
          .catch((error: unknown) => {
            this.deps.logger.debug(
              `Heartbeat of ${this.definition.kafkaGroupId} failed, ending the batch: ${errorMessage(error)}`,
            );
            onFailure();
          })
          .finally(() => (inFlight = false));
      },
      Math.max(100, Math.floor(this.definition.tuning.heartbeatIntervalMs / 2)),
    );
    return () => clearInterval(timer);
  }

  private async commit(payload: EachBatchPayload): Promise<void> {
    const offsets = payload.uncommittedOffsets();
    if (offsets.topics.length === 0) return;
    const { groupId, kafkaGroupId } = this.definition;
    const commit = async () => {
      try {
        await payload.commitOffsetsIfNecessary(offsets);
        for (const t of offsets.topics)
          for (const p of t.partitions) this.committed.set(`${t.topic}[${p.partition}]`, p.offset);
        publish<OffsetsCommittedEvent>(KAFKAESQUE_CHANNELS.offsetsCommitted, () => ({
          groupId,
          kafkaGroupId,
          offsets: offsets.topics.flatMap((t) =>
            t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: p.offset })),
          ),
        }));
      } catch (error) {
        this.deps.logger.warn(
          `Committing offsets of ${kafkaGroupId} failed; those messages will be redelivered: ${errorMessage(error)}`,
        );
        publish<ConsumerEvent>(KAFKAESQUE_CHANNELS.commitFailed, () => ({ groupId, kafkaGroupId, error }));
      }
    };
    // async: fire and go on, in order; but the last batch before a stop waits, so the
    // member does not leave the group before its offsets are in.
    this.pendingCommit = this.pendingCommit.then(commit);
    if (this.definition.commitStrategy === 'sync' || this.stopping) await this.pendingCommit;
  }

  private async publishDeadLetter(record: DeadLetterRecord, route: TopicRoute): Promise<void> {
    try {
      if (route.deadLetter?.producer) await route.deadLetter.producer.publish(record);
      else
        await this.deps.producer.forward(record.topic, [
          { key: record.key, value: record.value, headers: record.headers },
        ]);
    } catch (error) {
      throw new DeadLetterPublishError(record.topic, { cause: error });
    }
  }
}
