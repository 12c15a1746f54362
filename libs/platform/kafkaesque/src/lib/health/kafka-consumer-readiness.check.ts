import type { CheckFn, HeartbeatsRegistry } from '@platform/heartbeats';
import type { KafkaesqueReadinessOptions } from '../kafkaesque.options';
import type { KafkaesqueHealth } from './kafkaesque-health';

export const DEFAULT_READINESS_WARMUP_MS = 5_000;

/** The readiness check name of a group: `kafka-consumer:<group>` (group without prefix). */
export function kafkaConsumerCheckName(groupId: string): string {
  return `kafka-consumer:${groupId}`;
}

/**
 * The seed's `Heartbeats.Helpers.kafka_consumer_check(group)`: healthy once the group has been
 * joined (assignment received) for `warmupMs`, and stays so through rebalances; unhealthy
 * before that, when the client crashed, and while a partition is blocked, with the reason.
 * A group paused on purpose (a kill switch) is healthy, with `state: 'paused'` and the reason
 * in its details: the app does what it was told to, and being unready for it would stall
 * deploys and raise alerts about a decision, not a failure.
 */
export function kafkaConsumerReadinessCheck(
  health: KafkaesqueHealth,
  groupId: string,
  options: Pick<KafkaesqueReadinessOptions, 'warmupMs'> = {},
): CheckFn {
  const warmupMs = options.warmupMs ?? DEFAULT_READINESS_WARMUP_MS;
  return async () => {
    const g = health.get(groupId);
    if (g.state === 'paused')
      return {
        healthy: true,
        details: { state: g.state, reason: g.pause?.reason, since: g.pause?.at.toISOString() },
      };
    if (g.state === 'crashed')
      return {
        healthy: false,
        reason: `consumer ${g.kafkaGroupId} crashed: ${g.crash?.reason ?? 'unknown'}`,
      };
    if (g.blocked.length > 0) {
      const reasons = g.blocked.map(
        (b) =>
          `${b.topic}[${b.partition}] blocked at offset ${b.offset} since ${b.since.toISOString()}: ${b.reason}`,
      );
      return { healthy: false, reason: reasons.join('; ') };
    }
    if (g.state === 'stopped') return { healthy: false, reason: `consumer ${g.kafkaGroupId} is stopped` };
    if (!g.firstJoinedAt || g.state === 'starting')
      return { healthy: false, reason: `consumer ${g.kafkaGroupId} has not joined its group yet` };
    const joinedForMs = Date.now() - g.firstJoinedAt.getTime();
    if (joinedForMs < warmupMs)
      return {
        healthy: false,
        reason: `consumer ${g.kafkaGroupId} is warming up (joined ${joinedForMs} ms ago)`,
      };
    const partitions = Object.values(g.assignment).reduce((n, p) => n + p.length, 0);
    return { healthy: true, details: { state: g.state, assignment: g.assignment, partitions } };
  };
}

/** Registers {@link kafkaConsumerReadinessCheck} for `groupId` as `kafka-consumer:<group>`. */
export function registerKafkaConsumerReadinessCheck(
  registry: Pick<HeartbeatsRegistry, 'registerReadinessCheck'>,
  health: KafkaesqueHealth,
  groupId: string,
  options: KafkaesqueReadinessOptions = {},
): void {
  health.get(groupId);
  registry.registerReadinessCheck(
    kafkaConsumerCheckName(groupId),
    kafkaConsumerReadinessCheck(health, groupId, options),
    {
      timeoutMs: options.timeoutMs,
    },
  );
}
