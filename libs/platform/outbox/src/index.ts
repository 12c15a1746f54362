import { OutboxEvent } from './lib/outbox-event.entity';
import { CreateOutboxEvents1700000000000 } from './lib/migrations/1700000000000-create-outbox-events';

export * from './lib/connector/kafka-connect.client';
export * from './lib/connector/outbox-connector.config';
export * from './lib/outbox-event.entity';
export * from './lib/outbox-transaction-required.error';
export * from './lib/outbox.module';
export * from './lib/outbox.writer';
export * from './lib/trace-context.source';
export { CreateOutboxEvents1700000000000 };

/** For the service's DataSource: the outbox table's entity and migration. */
export const OUTBOX_ENTITIES = [OutboxEvent];
export const OUTBOX_MIGRATIONS = [CreateOutboxEvents1700000000000];
export * from './lib/connector/outbox-connector.module';
export * from './lib/connector/register-outbox-connector';
export * from './lib/connector/replication-slot-lag';
export * from './lib/connector/topic-creation.settings';
export * from './lib/outbox.pruner';
export * from './lib/sql-runner';
