import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** An add-on (an optional paid feature, identified by its code) and whether a provider has it enabled. */
@Entity({ name: 'add_ons' })
@Unique('uq_add_ons_provider_code', ['providerId', 'code'])
export class AddOn {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId!: string;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  /** Who made the last change, as established by the API that called the command. */
  @Column({ name: 'changed_by', type: 'varchar', length: 255 })
  changedBy!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
