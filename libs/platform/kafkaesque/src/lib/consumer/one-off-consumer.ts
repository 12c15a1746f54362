import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConsumerDefinition } from '../discovery/consumer-definition';
import { KafkaesqueCatalog } from '../discovery/kafkaesque-catalog';
import type { BlockedPartition } from '../health/consumer-group-health';
import { KafkaesqueHealth } from '../health/kafkaesque-health';
import type { ProcessingOutcome } from '../processing/process-record';
import type { ConsumerRunner } from './consumer-runner';
import { ConsumerRunnerFactory } from './consumer-runner.factory';

export interface OneOffRunOptions {
  /** Stop after this long without a record. Default 10 s. */
  readonly idleMs?: number;
  /** The Kafka group to use; a fresh one by default, so every run starts from the earliest offsets. */
  readonly kafkaGroupId?: string;
  readonly joinTimeoutMs?: number;
}

export interface OneOffRunResult {
  readonly kafkaGroupId: string;
  /** Records by outcome. */
  readonly counts: Readonly<Record<ProcessingOutcome['status'], number>>;
  /** Partitions that stopped at a record that failed without a dead-letter topic. */
  readonly blocked: readonly BlockedPartition[];
}

/**
 * kafkaesque's OneOffConsumer: runs a declared consumer under a fresh group
 * (`<group>.one-off-<time>` unless `kafkaGroupId` is given) from the earliest offset of its
 * topics, with the same decoders, plugins, handlers and dead-letter topics, and stops once no
 * record has arrived for `idleMs`. For backfills and reprocessing tasks; start the app with
 * `autoStart: false` so the regular group does not run alongside. An app shutdown stops a run.
 */
@Injectable()
export class OneOffConsumer implements OnApplicationShutdown {
  private readonly running = new Set<ConsumerRunner>();

  constructor(
    private readonly catalog: KafkaesqueCatalog,
    private readonly health: KafkaesqueHealth,
    private readonly runners: ConsumerRunnerFactory,
  ) {}

  async run(groupId: string, options: OneOffRunOptions = {}): Promise<OneOffRunResult> {
    const declared = this.catalog.definition(groupId);
    const suffix = `one-off-${Date.now()}`;
    const definition: ConsumerDefinition = {
      ...declared,
      groupId: `${declared.groupId}.${suffix}`,
      kafkaGroupId: options.kafkaGroupId ?? `${declared.kafkaGroupId}.${suffix}`,
      tuning: { ...declared.tuning, startFrom: 'earliest' },
    };
    this.health.register(definition.groupId, definition.kafkaGroupId);
    const counts: Record<ProcessingOutcome['status'], number> = {
      handled: 0,
      skipped: 0,
      'dead-lettered': 0,
      failed: 0,
      abandoned: 0,
    };
    let lastActivity = Date.now();
    const runner = this.runners.create(definition, (outcome) => {
      counts[outcome.status]++;
      lastActivity = Date.now();
    });
    this.running.add(runner);
    const idleMs = options.idleMs ?? 10_000;
    try {
      await runner.start();
      await this.health.whenJoined(definition.groupId, options.joinTimeoutMs ?? 60_000);
      lastActivity = Date.now();
      while (Date.now() - lastActivity < idleMs && this.running.has(runner)) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, idleMs)));
      }
    } finally {
      this.running.delete(runner);
      await runner.stop();
    }
    const { blocked } = this.health.get(definition.groupId);
    return { kafkaGroupId: definition.kafkaGroupId, counts, blocked };
  }

  async onApplicationShutdown(): Promise<void> {
    const runs = [...this.running];
    this.running.clear(); // ends the idle wait of each run, which then stops its runner
    await Promise.all(runs.map((runner) => runner.stop()));
  }
}
