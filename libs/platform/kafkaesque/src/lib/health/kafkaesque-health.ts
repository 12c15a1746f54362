import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { UnknownConsumerGroupError } from '../errors/unknown-consumer-group.error';
import type { BlockedPartition, ConsumerGroupHealth, ConsumerGroupState } from './consumer-group-health';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The state of every consumer group of this process: joined or not, partitions assigned,
 * crashed with its reason, partitions blocked with theirs. Read it, or let
 * `kafkaConsumerReadinessCheck` turn it into a readiness check.
 */
@Injectable()
export class KafkaesqueHealth {
  private readonly groups = new Map<string, Mutable<ConsumerGroupHealth>>();
  private readonly changes = new EventEmitter();

  /** Every known group. */
  all(): ConsumerGroupHealth[] {
    return [...this.groups.values()].map((g) => this.snapshot(g));
  }

  /** One group by its declared name (without prefix). */
  get(groupId: string): ConsumerGroupHealth {
    return this.snapshot(this.group(groupId));
  }

  /** Whether this process has joined `groupId` and received its assignment (possibly empty). */
  isJoined(groupId: string): boolean {
    return this.group(groupId).state === 'joined';
  }

  /** Resolves once the group is joined; rejects after `timeoutMs`. */
  whenJoined(groupId: string, timeoutMs = 60_000): Promise<ConsumerGroupHealth> {
    this.group(groupId);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.isJoined(groupId)) return;
        cleanup();
        resolve(this.get(groupId));
      };
      const timer = setTimeout(() => {
        cleanup();
        const g = this.get(groupId);
        reject(
          new Error(
            `Consumer group ${g.kafkaGroupId} did not join within ${timeoutMs} ms (state: ${g.state}${g.crash ? `, ${g.crash.reason}` : ''})`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changes.off(groupId, check);
      };
      this.changes.on(groupId, check);
      check();
    });
  }

  /** @internal the consumer runner reports through the methods below. */
  register(groupId: string, kafkaGroupId: string): void {
    if (this.groups.has(groupId)) return;
    this.groups.set(groupId, {
      groupId,
      kafkaGroupId,
      state: 'stopped',
      since: new Date(),
      assignment: {},
      blocked: [],
    });
  }

  /** @internal */
  setState(groupId: string, state: Exclude<ConsumerGroupState, 'paused'>): void {
    const g = this.group(groupId);
    if (g.state !== state) Object.assign(g, { state, since: new Date() });
    if (state !== 'crashed') delete g.crash;
    delete g.pause;
    this.changed(groupId);
  }

  /** @internal the group was stopped on purpose; its client is gone, so it holds no partitions. */
  paused(groupId: string, reason: string): void {
    const g = this.group(groupId);
    Object.assign(g, {
      state: 'paused',
      since: new Date(),
      pause: { reason, at: new Date() },
      assignment: {},
      blocked: [],
    });
    delete g.crash;
    this.changed(groupId);
  }

  /** @internal */
  joined(groupId: string, assignment: Record<string, readonly number[]>): void {
    const g = this.group(groupId);
    g.assignment = assignment;
    g.firstJoinedAt ??= new Date();
    this.setState(groupId, 'joined');
  }

  /** @internal a crash restarts the client, which forgets paused partitions: blocks are cleared too. */
  crashed(groupId: string, reason: string, restarting: boolean): void {
    const g = this.group(groupId);
    Object.assign(g, {
      state: 'crashed',
      since: new Date(),
      crash: { reason, at: new Date(), restarting },
      blocked: [],
    });
    this.changed(groupId);
  }

  /** @internal */
  block(groupId: string, blocked: BlockedPartition): void {
    const g = this.group(groupId);
    g.blocked = [
      ...g.blocked.filter((b) => !(b.topic === blocked.topic && b.partition === blocked.partition)),
      blocked,
    ];
    this.changed(groupId);
  }

  /** @internal */
  unblock(groupId: string, topic: string, partition: number): void {
    const g = this.group(groupId);
    g.blocked = g.blocked.filter((b) => !(b.topic === topic && b.partition === partition));
    this.changed(groupId);
  }

  private group(groupId: string): Mutable<ConsumerGroupHealth> {
    const g = this.groups.get(groupId);
    if (!g) throw new UnknownConsumerGroupError(groupId, [...this.groups.keys()]);
    return g;
  }

  private snapshot(g: ConsumerGroupHealth): ConsumerGroupHealth {
    return { ...g, assignment: { ...g.assignment }, blocked: [...g.blocked] };
  }

  private changed(groupId: string): void {
    this.changes.emit(groupId);
  }
}
