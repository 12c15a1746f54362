import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { KafkaesqueCatalog, KafkaesqueConsumers } from '@platform/kafkaesque';
import { FeatureFlags } from '../feature-flags.service';
import { killSwitchFlagName } from './kill-switch-flag-name';

/**
 * A kill switch per consumer group of the app: while flag `kill-switch.<group>` is on, the
 * group is paused (`KafkaesqueConsumers.pause`: its member leaves the group, new messages wait
 * in Kafka); once it is off again, the group resumes from its committed offsets. No deploy,
 * nothing lost. A flag that is on at boot keeps its group from starting at all.
 *
 * It lives here, on the flags' side, and not in kafkaesque: kafkaesque only offers pause and
 * resume with a reason, and stays free of any flag system (as it stays free of Datadog,
 * which `@platform/monitor` plugs in the same way).
 */
@Injectable()
export class ConsumerKillSwitch implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ConsumerKillSwitch');
  private readonly unwatches: Array<() => void> = [];
  private readonly pausedBySwitch = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flags: FeatureFlags,
    private readonly consumers: KafkaesqueConsumers,
    private readonly catalog: KafkaesqueCatalog,
  ) {}

  /** The kill switch flags watched, one per consumer group. */
  flagNames(): string[] {
    return this.catalog.list().map((definition) => killSwitchFlagName(definition.groupId));
  }

  // onModuleInit, before kafkaesque starts the groups at bootstrap: a switch already on pauses
  // its group before it ever joins.
  onModuleInit(): void {
    for (const { groupId } of this.catalog.list()) {
      const flag = killSwitchFlagName(groupId);
      this.unwatches.push(this.flags.watch(flag, (on) => this.flip(groupId, flag, on)));
    }
    if (this.unwatches.length > 0) this.logger.log(`Kill switches: ${this.flagNames().join(', ')}`);
  }

  // Before kafkaesque's shutdown stops every group: no resume may start one behind its back.
  async onModuleDestroy(): Promise<void> {
    for (const unwatch of this.unwatches.splice(0)) unwatch();
    await Promise.all(this.inFlight);
  }

  private flip(groupId: string, flag: string, on: boolean): void {
    // Marked at once, not when done: kafkaesque runs a group's pause and resume in call order,
    // so an off that follows an on quickly still undoes it.
    if (on) this.pausedBySwitch.add(groupId);
    else if (!this.pausedBySwitch.delete(groupId)) return; // off, as it was: nothing to undo
    const started = Date.now();
    const done = on
      ? this.consumers
          .pause(groupId, `kill switch ${flag} is on`)
          .then(() =>
            this.logger.warn(
              `Consumer group ${groupId} paused: flag ${flag} is on (${Date.now() - started} ms)`,
            ),
          )
      : this.consumers
          .resume(groupId)
          .then(() =>
            this.logger.log(
              `Consumer group ${groupId} resumed: flag ${flag} is off (${Date.now() - started} ms)`,
            ),
          );
    const tracked = done
      .catch((error: unknown) =>
        this.logger.error(
          `Could not ${on ? 'pause' : 'resume'} consumer group ${groupId} for flag ${flag}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
