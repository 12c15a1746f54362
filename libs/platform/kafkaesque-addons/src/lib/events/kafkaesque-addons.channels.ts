/**
 * Events of the addons on `node:diagnostics_channel`, next to kafkaesque's own
 * (`KAFKAESQUE_CHANNELS`), for a monitor lib to count:
 *
 * ```ts
 * diagnostics_channel.subscribe(KAFKAESQUE_ADDONS_CHANNELS.duplicateSkipped, (event) => {
 *   const e = event as InboxEvent; metrics.increment('kafka.duplicates', { group: e.groupId, topic: e.topic });
 * });
 * ```
 */
export const KAFKAESQUE_ADDONS_CHANNELS = {
  /** A delivery of an event already processed: the handler did not run, the offset is committed. {@link InboxEvent} */
  duplicateSkipped: 'kafkaesque-addons:duplicate-skipped',
  /** A delivery found another delivery of the same event running (a live claim) and will be retried. {@link InboxEvent} */
  claimHeld: 'kafkaesque-addons:claim-held',
} as const;

export interface InboxEvent {
  readonly groupId: string;
  readonly kafkaGroupId: string;
  /** Topic without prefix. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventType: string | undefined;
  readonly eventUuid: string;
  /** The inbox strategy's name: `redis`, `postgres`, `in-memory`. */
  readonly strategy: string;
}
