import { CreateKafkaInbox1795700000000 } from './lib/postgres/migrations/1795700000000-create-kafka-inbox';
import { KafkaInboxEntry } from './lib/postgres/kafka-inbox.entity';

// The plugin and its contract
export * from './lib/idempotency/uuid-idempotency.plugin';
export * from './lib/idempotency/inbox-strategy.interface';
export * from './lib/idempotency/event-uuid';

// Redis inbox
export * from './lib/redis/redis-inbox.strategy';
export * from './lib/redis/redis-inbox.module';
export * from './lib/redis/redis-idempotency.plugin';

// Postgres inbox
export * from './lib/postgres/postgres-inbox.strategy';
export * from './lib/postgres/postgres-inbox.module';
export * from './lib/postgres/postgres-idempotency.plugin';
export * from './lib/postgres/inbox-transaction';
export * from './lib/postgres/inbox.pruner';
export * from './lib/postgres/kafka-inbox.entity';
export { CreateKafkaInbox1795700000000 };

/** For the service's DataSource: the inbox table's entity and migration. */
export const KAFKA_INBOX_ENTITIES = [KafkaInboxEntry];
export const KAFKA_INBOX_MIGRATIONS = [CreateKafkaInbox1795700000000];

// Errors and events
export * from './lib/errors/inbox-claim-held.error';
export * from './lib/errors/inbox-transaction-required.error';
export * from './lib/errors/inbox-unavailable.error';
export * from './lib/errors/missing-event-uuid.error';
export * from './lib/events/kafkaesque-addons.channels';
