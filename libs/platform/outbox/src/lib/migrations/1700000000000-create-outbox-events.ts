import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The seed's table, verbatim, so that Elixir and TypeScript services share one connector config. */
export class CreateOutboxEvents1700000000000 implements MigrationInterface {
  name = 'CreateOutboxEvents1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_events (
        uuid UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        partition_key VARCHAR(255) NOT NULL,
        event_type VARCHAR(255) NOT NULL,
        topic_name VARCHAR NOT NULL,
        proto_payload BYTEA NOT NULL,
        trace_context VARCHAR,
        timestamp TIMESTAMP NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX idx_outbox_events_timestamp ON outbox_events(timestamp)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox_events');
  }
}
