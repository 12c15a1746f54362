import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Postgres inbox of UUIDIdempotencyPlugin: one row per (consumer group, event) processed. */
export class CreateKafkaInbox1795700000000 implements MigrationInterface {
  name = 'CreateKafkaInbox1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kafka_inbox (
        consumer_group TEXT NOT NULL,
        event_uuid UUID NOT NULL,
        processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_uuid)
      )`);
    // pruneInbox deletes by age.
    await queryRunner.query('CREATE INDEX idx_kafka_inbox_processed_at ON kafka_inbox(processed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE kafka_inbox');
  }
}
