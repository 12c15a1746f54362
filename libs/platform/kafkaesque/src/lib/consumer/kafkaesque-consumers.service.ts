import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HeartbeatsRegistry } from '@platform/heartbeats';
import type { Kafka } from 'kafkajs';
import type { ConsumerDefinition } from '../discovery/consumer-definition';
import { KafkaesqueExplorer } from '../discovery/kafkaesque.explorer';
import { UnknownConsumerGroupError } from '../errors/unknown-consumer-group.error';
import { registerKafkaConsumerReadinessCheck } from '../health/kafka-consumer-readiness.check';
import type { BlockedPartition } from '../health/consumer-group-health';
import { KafkaesqueHealth } from '../health/kafkaesque-health';
import { KAFKAESQUE_KAFKA, KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from '../kafkaesque.options';
import type { ProcessingOutcome } from '../processing/process-record';
import { KafkaesqueProducer } from '../producer/kafkaesque.producer';
import { ConsumerRunner } from './consumer-runner';

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
 * The consumers of the app: discovered and validated in `onModuleInit` (a misconfigured
 * consumer stops the boot), started in `onApplicationBootstrap` (in the background: the app
 * serves its health endpoints while groups join), drained in `onApplicationShutdown`.
 */
@Injectable()
export class KafkaesqueConsumers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Kafkaesque');
  private definitions: ConsumerDefinition[] = [];
  private readonly runners = new Map<string, ConsumerRunner>();

  constructor(
    private readonly explorer: KafkaesqueExplorer,
    private readonly health: KafkaesqueHealth,
    private readonly producer: KafkaesqueProducer,
    private readonly moduleRef: ModuleRef,
    @Inject(KAFKAESQUE_KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKAESQUE_OPTIONS) private readonly options: KafkaesqueModuleOptions,
  ) {}

  onModuleInit(): void {
    this.definitions = this.explorer.explore();
    for (const definition of this.definitions) {
      this.health.register(definition.groupId, definition.kafkaGroupId);
      for (const route of definition.routes.values()) {
        for (const [eventType, handler] of route.handlers) {
          this.logger.log(`${handler.name} -> ${definition.kafkaGroupId}::${route.kafkaTopic}::${eventType}`);
        }
        if (route.fallback)
          this.logger.log(`${route.fallback.name} -> ${definition.kafkaGroupId}::${route.kafkaTopic}::*`);
      }
    }
    this.registerReadinessChecks();
  }

  onApplicationBootstrap(): void {
    if (this.options.autoStart === false) return;
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.producer.disconnect();
  }

  /** The validated consumers, one per group. */
  list(): readonly ConsumerDefinition[] {
    return this.definitions;
  }

  definition(groupId: string): ConsumerDefinition {
    const found = this.definitions.find((d) => d.groupId === groupId);
    if (!found)
      throw new UnknownConsumerGroupError(
        groupId,
        this.definitions.map((d) => d.groupId),
      );
    return found;
  }

  /** Starts one group (or all); resolves after the first join attempt. Use KafkaesqueHealth.whenJoined to wait for the join. */
  async start(groupId?: string): Promise<void> {
    const targets = groupId === undefined ? this.definitions : [this.definition(groupId)];
    await Promise.all(
      targets.map((definition) => {
        let runner = this.runners.get(definition.groupId);
        if (!runner) {
          runner = new ConsumerRunner(definition, {
            kafka: this.kafka,
            producer: this.producer,
            health: this.health,
            logger: this.logger,
            createMissingTopics: this.options.createMissingTopics,
          });
          this.runners.set(definition.groupId, runner);
        }
        return runner.start();
      }),
    );
  }

  /** Gracefully stops one group (or all): see ConsumerRunner.stop. */
  async stop(groupId?: string): Promise<void> {
    const targets = groupId === undefined ? [...this.runners.keys()] : [groupId];
    await Promise.all(
      targets.map(async (id) => {
        const runner = this.runners.get(id);
        this.runners.delete(id);
        await runner?.stop();
      }),
    );
  }

  /**
   * kafkaesque's OneOffConsumer: runs a declared consumer under a fresh group
   * (`<group>.one-off-<time>` unless `kafkaGroupId` is given) from the earliest offset of its
   * topics, with the same decoders, plugins, handlers and dead-letter topics, and stops once
   * no record has arrived for `idleMs`. For backfills and reprocessing tasks; start the app
   * with `autoStart: false` so the regular group does not run alongside.
   */
  async runOneOff(groupId: string, options: OneOffRunOptions = {}): Promise<OneOffRunResult> {
    const declared = this.definition(groupId);
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
    const runner = new ConsumerRunner(definition, {
      kafka: this.kafka,
      producer: this.producer,
      health: this.health,
      logger: this.logger,
      createMissingTopics: this.options.createMissingTopics,
      onOutcome: (outcome) => {
        counts[outcome.status]++;
        lastActivity = Date.now();
      },
    });
    this.runners.set(definition.groupId, runner); // so that an app shutdown stops it too
    const idleMs = options.idleMs ?? 10_000;
    try {
      await runner.start();
      await this.health.whenJoined(definition.groupId, options.joinTimeoutMs ?? 60_000);
      lastActivity = Date.now();
      while (Date.now() - lastActivity < idleMs) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, idleMs)));
      }
    } finally {
      this.runners.delete(definition.groupId);
      await runner.stop();
    }
    const { blocked } = this.health.get(definition.groupId);
    return { kafkaGroupId: definition.kafkaGroupId, counts, blocked };
  }

  private registerReadinessChecks(): void {
    if (this.options.readinessChecks === false || this.definitions.length === 0) return;
    let registry: HeartbeatsRegistry;
    try {
      registry = this.moduleRef.get(HeartbeatsRegistry, { strict: false });
    } catch {
      this.logger.warn('HeartbeatsModule is not loaded: no kafka-consumer readiness checks registered');
      return;
    }
    for (const definition of this.definitions) {
      registerKafkaConsumerReadinessCheck(
        registry,
        this.health,
        definition.groupId,
        this.options.readinessChecks ?? {},
      );
    }
  }
}
