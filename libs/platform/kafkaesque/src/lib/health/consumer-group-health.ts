/** Where a consumer group's Kafka client is; `paused`: stopped on purpose until resumed (KafkaesqueConsumers.pause). */
export type ConsumerGroupState = 'stopped' | 'starting' | 'joined' | 'rebalancing' | 'crashed' | 'paused';

/** A partition held at a message that neither succeeded nor reached a dead-letter topic. */
export interface BlockedPartition {
  /** Kafka topic, prefix included. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
  readonly since: Date;
}

/** A snapshot of one consumer group, as this process sees it. */
export interface ConsumerGroupHealth {
  readonly groupId: string;
  readonly kafkaGroupId: string;
  readonly state: ConsumerGroupState;
  readonly since: Date;
  /** First time this process joined the group; warm-up counts from here. */
  readonly firstJoinedAt?: Date;
  /** Kafka topic -> partitions assigned to this process at the last join. */
  readonly assignment: Readonly<Record<string, readonly number[]>>;
  readonly crash?: { readonly reason: string; readonly at: Date; readonly restarting: boolean };
  /** Why the group is paused (state `paused`), e.g. which kill switch is on. */
  readonly pause?: { readonly reason: string; readonly at: Date };
  readonly blocked: readonly BlockedPartition[];
}
