import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One event processed by one consumer group, written by PostgresInboxStrategy in the same
 * transaction as the handler's own writes. Add it (KAFKA_INBOX_ENTITIES) and its migration
 * (KAFKA_INBOX_MIGRATIONS) to the service's DataSource.
 */
@Entity({ name: 'kafka_inbox' })
@Index('idx_kafka_inbox_processed_at', ['processedAt'])
export class KafkaInboxEntry {
  /** The group's Kafka name, `<prefix>.<groupId>`. */
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ name: 'event_uuid', type: 'uuid' })
  eventUuid!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
