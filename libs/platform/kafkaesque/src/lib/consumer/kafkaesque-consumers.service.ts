import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { describeKafkaError } from '@platform/config';
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
/** The pause reason of every group when the app runs with `consumeEvents: false`. */
export const CONSUMING_OFF = 'consuming is off (CONSUME_EVENTS=false)';

@Injectable()
export class KafkaesqueConsumers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Kafkaesque');
  private definitions: ConsumerDefinition[] = [];
  private discovered = false;
  private readonly runners = new Map<string, ConsumerRunner>();
  /** Paused groups, and whether each would be running without the pause (resume starts it then). */
  private readonly paused = new Map<string, { startOnResume: boolean }>();
  /** Per group, the last pause/resume: the next one runs after it, in call order. */
  private readonly transitions = new Map<string, Promise<void>>();

  /** Client errors in health and logs name the brokers, the protocol and the SASL mechanism. */
  private readonly describeError = (error: unknown) => describeKafkaError(this.options.connection, error);

  constructor(
    private readonly explorer: KafkaesqueExplorer,
    private readonly health: KafkaesqueHealth,
    private readonly producer: KafkaesqueProducer,
    private readonly moduleRef: ModuleRef,
    @Inject(KAFKAESQUE_KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKAESQUE_OPTIONS) private readonly options: KafkaesqueModuleOptions,
  ) {}

  onModuleInit(): void {
    this.discover();
  }

  /**
   * Discovers once, on the first call: in onModuleInit, or earlier when another provider's
   * onModuleInit asks for the consumers first (Nest orders those hooks by module distance).
   */
  private discover(): ConsumerDefinition[] {
    if (this.discovered) return this.definitions;
    this.definitions = this.explorer.explore();
    this.discovered = true;
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
    return this.definitions;
  }

  onApplicationBootstrap(): void {
    if (this.options.autoStart === false) return;
    if (this.options.consumeEvents === false) {
      // Paused rather than merely not started: readiness counts a paused group as healthy and
      // shows the reason, so an app run with consuming off is ready and says why it is idle.
      for (const definition of this.discover()) void this.pause(definition.groupId, CONSUMING_OFF);
      return;
    }
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.producer.disconnect();
  }

  /** The validated consumers, one per group. */
  list(): readonly ConsumerDefinition[] {
    return this.discover();
  }

  definition(groupId: string): ConsumerDefinition {
    const definitions = this.discover();
    const found = definitions.find((d) => d.groupId === groupId);
    if (!found)
      throw new UnknownConsumerGroupError(
        groupId,
        definitions.map((d) => d.groupId),
      );
    return found;
  }

  /**
   * Starts one group (or all); resolves after the first join attempt. Use KafkaesqueHealth.whenJoined
   * to wait for the join. A paused group is left alone and starts when it is resumed.
   */
  async start(groupId?: string): Promise<void> {
    const targets = groupId === undefined ? this.discover() : [this.definition(groupId)];
    await Promise.all(
      targets.map((definition) => {
        const pause = this.paused.get(definition.groupId);
        if (pause) {
          pause.startOnResume = true;
          this.logger.log(`Consumer ${definition.kafkaGroupId} is paused: it starts when resumed`);
          return;
        }
        let runner = this.runners.get(definition.groupId);
        if (!runner) {
          runner = new ConsumerRunner(definition, {
            kafka: this.kafka,
            producer: this.producer,
            health: this.health,
            logger: this.logger,
            createMissingTopics: this.options.createMissingTopics,
            describeError: this.describeError,
          });
          this.runners.set(definition.groupId, runner);
        }
        return runner.start();
      }),
    );
  }

  /** Gracefully stops one group (or all): see ConsumerRunner.stop. */
  async stop(groupId?: string): Promise<void> {
    // A paused group stopped on purpose stays stopped when it is resumed.
    for (const [id, pause] of this.paused)
      if (groupId === undefined || groupId === id) pause.startOnResume = false;
    await this.stopRunners(groupId === undefined ? [...this.runners.keys()] : [groupId]);
  }

  private async stopRunners(targets: readonly string[]): Promise<void> {
    await Promise.all(
      targets.map(async (id) => {
        const runner = this.runners.get(id);
        this.runners.delete(id);
        await runner?.stop();
      }),
    );
  }

  /**
   * Stops a group on purpose (an operator's kill switch) until {@link resume}: gracefully, like
   * {@link stop}, so its member leaves the group and the messages that arrive meanwhile wait in
   * Kafka at the committed offsets. Its health reads `paused` with `reason`, which the readiness
   * check counts as healthy. `start()` leaves a paused group alone, so pausing before the app
   * has bootstrapped keeps the group from ever starting. Idempotent.
   */
  pause(groupId: string, reason: string): Promise<void> {
    this.definition(groupId);
    return this.inTurn(groupId, async () => {
      if (!this.paused.has(groupId)) this.paused.set(groupId, { startOnResume: this.runners.has(groupId) });
      await this.stopRunners([groupId]);
      this.health.paused(groupId, reason);
    });
  }

  /** Ends a {@link pause}: starts the group again if it was running (or asked to start) meanwhile. Idempotent. */
  resume(groupId: string): Promise<void> {
    this.definition(groupId);
    return this.inTurn(groupId, async () => {
      const pause = this.paused.get(groupId);
      if (!pause) return;
      this.paused.delete(groupId);
      this.health.setState(groupId, 'stopped');
      if (pause.startOnResume) await this.start(groupId);
    });
  }

  isPaused(groupId: string): boolean {
    this.definition(groupId);
    return this.paused.has(groupId);
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
      describeError: this.describeError,
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

  /** Runs pause/resume transitions of one group one after the other, in the order they were asked for. */
  private inTurn(groupId: string, transition: () => Promise<void>): Promise<void> {
    const next = (this.transitions.get(groupId) ?? Promise.resolve()).then(transition);
    this.transitions.set(
      groupId,
      next.catch(() => undefined),
    );
    return next;
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
