import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The add-ons audit log: one row per add-on event seen on Kafka, keyed by the event's uuid.
 * A read model built by the events-consumers app from our own topic.
 */
@Entity({ name: 'add_on_activity' })
@Index('idx_add_on_activity_provider', ['providerId', 'occurredAt'])
export class AddOnActivity {
  @PrimaryColumn({ name: 'event_uuid', type: 'uuid' })
  eventUuid!: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId!: string;

  @Column({ name: 'add_on_code', type: 'varchar', length: 64 })
  addOnCode!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 255 })
  actorId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
