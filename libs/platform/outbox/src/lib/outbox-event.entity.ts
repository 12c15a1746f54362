import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One domain event waiting for Debezium, exactly the seed's `outbox_events` table
 * (docs/wire-contract.md). Rows are written only by {@link OutboxWriter}, in the same
 * transaction as the domain change they announce.
 */
@Entity({ name: 'outbox_events' })
@Index('idx_outbox_events_timestamp', ['timestamp'])
export class OutboxEvent {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  uuid!: string;

  /** Kafka key: keeps the events of one aggregate (e.g. one provider) in order. */
  @Column({ name: 'partition_key', type: 'varchar', length: 255 })
  partitionKey!: string;

  /** snake_case name of the envelope's oneof case that is set, e.g. `add_on_enabled`. */
  @Column({ name: 'event_type', type: 'varchar', length: 255 })
  eventType!: string;

  /** Topic without the environment prefix; Debezium's router prepends it. */
  @Column({ name: 'topic_name', type: 'varchar' })
  topicName!: string;

  /** The serialized topic envelope, not the bare event. */
  @Column({ name: 'proto_payload', type: 'bytea' })
  protoPayload!: Buffer;

  /** The producing span's context, so the consumer continues the same trace. */
  @Column({ name: 'trace_context', type: 'varchar', nullable: true })
  traceContext!: string | null;

  @Column({ name: 'timestamp', type: 'timestamp' })
  timestamp!: Date;
}
