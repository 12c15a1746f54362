import { Injectable } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { OutboxWriter } from '@platform/outbox';
import { AddOnEnabledSchema, eventCatalog } from '@proto/contracts';
import { DataSource } from 'typeorm';
import { err, ok, type Result } from '../../result';
import { AddOn } from '../add-on.entity';
import { AddOnError } from '../add-on.errors';
import { addOnName } from '../add-on-catalog';
import { checkCode, checkNotEmpty, checkProviderId, invalidFields } from '../add-on.input';
import { toAddOnView, type AddOnView } from '../add-on.view';
import type { ChangeAddOnInput } from './change-add-on.input';

/** Enables an add-on for a provider and emits `add_on_enabled`, both in one transaction. */
@Injectable()
export class EnableAddOnCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(input: ChangeAddOnInput): Promise<Result<AddOnView, AddOnError>> {
    const invalid = invalidFields({
      providerId: checkProviderId(input.providerId),
      code: checkCode(input.code),
      actorId: checkNotEmpty(input.actorId),
    });
    if (invalid) return err(invalid);
    const name = addOnName(input.code);
    if (!name) return err(AddOnError.notFound(input.providerId, input.code));
    try {
      const view = await this.dataSource.transaction(async (tx) => {
        // Create the row disabled if absent, then lock it: concurrent enables queue here
        // instead of racing to a unique violation, and exactly one of them emits the event.
        await tx
          .createQueryBuilder()
          .insert()
          .into(AddOn)
          .values({
            providerId: input.providerId,
            code: input.code,
            enabled: false,
            changedBy: input.actorId,
          })
          .orIgnore()
          .execute();
        const row = await tx.getRepository(AddOn).findOneOrFail({
          where: { providerId: input.providerId, code: input.code },
          lock: { mode: 'pessimistic_write' },
        });
        if (row.enabled) throw AddOnError.alreadyEnabled(input.providerId, input.code);
        row.enabled = true;
        row.changedBy = input.actorId;
        const saved = await tx.getRepository(AddOn).save(row);
        await this.outbox.publish(
          tx,
          eventCatalog.addOnsAddOnEventsV1,
          'add_on_enabled',
          create(AddOnEnabledSchema, {
            providerId: saved.providerId,
            addOnId: saved.id,
            addOnCode: saved.code,
            addOnName: name,
            actorId: input.actorId,
            occurredAt: timestampFromDate(saved.updatedAt),
          }),
        );
        return toAddOnView(saved);
      });
      return ok(view);
    } catch (error) {
      if (error instanceof AddOnError) return err(error);
      throw error;
    }
  }
}
