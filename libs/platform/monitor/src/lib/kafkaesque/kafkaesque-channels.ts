import type { KAFKAESQUE_CHANNELS } from '@platform/kafkaesque';

/**
 * The kafkaesque channels the monitor listens to. Copied rather than imported: the monitor's
 * barrel must not load kafkajs before `initTracing` runs (importing a value from
 * `@platform/kafkaesque` would), and diagnostics channels are matched by name anyway. The
 * `satisfies` clause fails the build if kafkaesque renames one.
 */
export const KAFKAESQUE_CHANNEL_NAMES = {
  messageHandled: 'kafkaesque:message:handled',
  messageSkipped: 'kafkaesque:message:skipped',
  messageRetried: 'kafkaesque:message:retried',
  messageDecodeFailed: 'kafkaesque:message:decode-failed',
  messageDeadLettered: 'kafkaesque:message:dead-lettered',
  messageFailed: 'kafkaesque:message:failed',
  commitFailed: 'kafkaesque:offsets:commit-failed',
  consumerCrashed: 'kafkaesque:consumer:crashed',
  batchFetched: 'kafkaesque:batch:fetched',
} as const satisfies Pick<
  typeof KAFKAESQUE_CHANNELS,
  | 'messageHandled'
  | 'messageSkipped'
  | 'messageRetried'
  | 'messageDecodeFailed'
  | 'messageDeadLettered'
  | 'messageFailed'
  | 'commitFailed'
  | 'consumerCrashed'
  | 'batchFetched'
>;
