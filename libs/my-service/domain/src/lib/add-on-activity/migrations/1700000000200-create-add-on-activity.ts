import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAddOnActivity1700000000200 implements MigrationInterface {
  name = 'CreateAddOnActivity1700000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE add_on_activity (
        event_uuid UUID PRIMARY KEY,
        provider_id UUID NOT NULL,
        add_on_code VARCHAR(64) NOT NULL,
        event_type VARCHAR(64) NOT NULL,
        actor_id VARCHAR(255) NOT NULL,
        occurred_at TIMESTAMPTZ NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX idx_add_on_activity_provider ON add_on_activity (provider_id, occurred_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE add_on_activity');
  }
}
