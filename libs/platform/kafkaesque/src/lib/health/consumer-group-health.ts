/** Where a consumer group's Kafka client is. */
export type ConsumerGroupState = 'stopped' | 'starting' | 'joined' | 'rebalancing' | 'crashed';

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
  readonly blocked: readonly BlockedPartition[];
}
