import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAddOns1700000000100 implements MigrationInterface {
  name = 'CreateAddOns1700000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE add_ons (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id UUID NOT NULL,
        code VARCHAR(64) NOT NULL,
        enabled BOOLEAN NOT NULL,
        changed_by VARCHAR(255) NOT NULL,
        version INTEGER NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT uq_add_ons_provider_code UNIQUE (provider_id, code)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE add_ons');
  }
}
