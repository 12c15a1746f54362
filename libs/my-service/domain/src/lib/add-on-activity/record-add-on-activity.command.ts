import { Injectable } from '@nestjs/common';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { DataSource, type EntityManager } from 'typeorm';
import { AddOnActivity } from './add-on-activity.entity';

/** An add-on event as the audit log needs it, whichever topic message it came from. */
export interface AddOnActivityInput {
  eventUuid: string;
  eventType: 'add_on_enabled' | 'add_on_disabled';
  providerId: string;
  addOnCode: string;
  actorId: string;
  occurredAt?: Timestamp;
}

/**
 * Appends an event to the audit log. Inserting an event twice is harmless (its uuid is the
 * key): the consumer's idempotency plugin avoids the work, this keeps the table right even
 * without it.
 */
@Injectable()
export class RecordAddOnActivityCommand {
  constructor(private readonly dataSource: DataSource) {}

  /** Pass `tx` to write inside a transaction of the caller's (e.g. the Postgres inbox's). */
  async execute(
    input: AddOnActivityInput,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<{ recorded: boolean }> {
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(AddOnActivity)
      .values({
        eventUuid: input.eventUuid,
        eventType: input.eventType,
        providerId: input.providerId,
        addOnCode: input.addOnCode,
        actorId: input.actorId,
        occurredAt: input.occurredAt ? timestampDate(input.occurredAt) : new Date(),
      })
      .orIgnore()
      .execute();
    return { recorded: (result.raw as unknown[]).length > 0 };
  }

  history(providerId: string): Promise<AddOnActivity[]> {
    return this.dataSource
      .getRepository(AddOnActivity)
      .find({ where: { providerId }, order: { occurredAt: 'ASC' } });
  }
}
