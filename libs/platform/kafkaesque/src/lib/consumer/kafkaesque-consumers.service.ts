import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { KafkaesqueCatalog } from '../discovery/kafkaesque-catalog';
import { KafkaesqueHealth } from '../health/kafkaesque-health';
import { KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from '../kafkaesque.options';
import { KafkaesqueProducer } from '../producer/kafkaesque.producer';
import type { ConsumerRunner } from './consumer-runner';
import { ConsumerRunnerFactory } from './consumer-runner.factory';

/** The pause reason of every group when the app runs with `consumeEvents: false`. */
export const CONSUMING_OFF = 'consuming is off (CONSUME_EVENTS=false)';

/**
 * Supervises the app's consumer groups: starts them in `onApplicationBootstrap` (in the
 * background: the app serves its health endpoints while groups join), pauses and resumes them
 * (kill switches, `consumeEvents: false`), drains them in `onApplicationShutdown`. Discovery is
 * KafkaesqueCatalog's, one-off runs OneOffConsumer's.
 */
@Injectable()
export class KafkaesqueConsumers implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Kafkaesque');
  private readonly runners = new Map<string, ConsumerRunner>();
  /** Paused groups, and whether each would be running without the pause (resume starts it then). */
  private readonly paused = new Map<string, { startOnResume: boolean }>();
  /** Per group, the last pause/resume: the next one runs after it, in call order. */
  private readonly transitions = new Map<string, Promise<void>>();

  constructor(
    private readonly catalog: KafkaesqueCatalog,
    private readonly health: KafkaesqueHealth,
    private readonly producer: KafkaesqueProducer,
    private readonly runnerFactory: ConsumerRunnerFactory,
    @Inject(KAFKAESQUE_OPTIONS) private readonly options: KafkaesqueModuleOptions,
  ) {}

  onModuleInit(): void {
    this.catalog.list();
  }

  onApplicationBootstrap(): void {
    if (this.options.autoStart === false) return;
    if (this.options.consumeEvents === false) {
      // Paused rather than merely not started: readiness counts a paused group as healthy and
      // shows the reason, so an app run with consuming off is ready and says why it is idle.
      for (const definition of this.catalog.list()) void this.pause(definition.groupId, CONSUMING_OFF);
      return;
    }
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.producer.disconnect();
  }

  /**
   * Starts one group (or all); resolves after the first join attempt. Use KafkaesqueHealth.whenJoined
   * to wait for the join. A paused group is left alone and starts when it is resumed.
   */
  async start(groupId?: string): Promise<void> {
    const targets = groupId === undefined ? this.catalog.list() : [this.catalog.definition(groupId)];
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
          runner = this.runnerFactory.create(definition);
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
    this.catalog.definition(groupId);
    return this.inTurn(groupId, async () => {
      if (!this.paused.has(groupId)) this.paused.set(groupId, { startOnResume: this.runners.has(groupId) });
      await this.stopRunners([groupId]);
      this.health.paused(groupId, reason);
    });
  }

  /** Ends a {@link pause}: starts the group again if it was running (or asked to start) meanwhile. Idempotent. */
  resume(groupId: string): Promise<void> {
    this.catalog.definition(groupId);
    return this.inTurn(groupId, async () => {
      const pause = this.paused.get(groupId);
      if (!pause) return;
      this.paused.delete(groupId);
      this.health.setState(groupId, 'stopped');
      if (pause.startOnResume) await this.start(groupId);
    });
  }

  isPaused(groupId: string): boolean {
    this.catalog.definition(groupId);
    return this.paused.has(groupId);
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
}
