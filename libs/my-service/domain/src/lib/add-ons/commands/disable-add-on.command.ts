import { Injectable } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { OutboxWriter } from '@platform/outbox';
import { AddOnDisabledSchema, eventCatalog } from '@proto/contracts';
import { DataSource } from 'typeorm';
import { err, ok, type Result } from '../../result';
import { AddOn } from '../add-on.entity';
import { AddOnError } from '../add-on.errors';
import { checkCode, checkNotEmpty, checkProviderId, invalidFields } from '../add-on.input';
import { toAddOnView, type AddOnView } from '../add-on.view';
import type { ChangeAddOnInput } from './change-add-on.input';

/** Disables a provider's add-on and emits `add_on_disabled`, both in one transaction. */
@Injectable()
export class DisableAddOnCommand {
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
    try {
      const view = await this.dataSource.transaction(async (tx) => {
        const row = await tx.getRepository(AddOn).findOne({
          where: { providerId: input.providerId, code: input.code },
          lock: { mode: 'pessimistic_write' },
        });
        if (!row) throw AddOnError.notFound(input.providerId, input.code);
        if (!row.enabled) throw AddOnError.alreadyDisabled(input.providerId, input.code);
        row.enabled = false;
        row.changedBy = input.actorId;
        const saved = await tx.getRepository(AddOn).save(row);
        const view = toAddOnView(saved);
        await this.outbox.publish(
          tx,
          eventCatalog.addOnsAddOnEventsV1,
          'add_on_disabled',
          create(AddOnDisabledSchema, {
            providerId: saved.providerId,
            addOnId: saved.id,
            addOnCode: saved.code,
            addOnName: view.name,
            actorId: input.actorId,
            occurredAt: timestampFromDate(saved.updatedAt),
          }),
        );
        return view;
      });
      return ok(view);
    } catch (error) {
      if (error instanceof AddOnError) return err(error);
      throw error;
    }
  }
}
