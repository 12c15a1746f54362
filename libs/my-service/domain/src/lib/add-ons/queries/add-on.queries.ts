import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { err, ok, type Result } from '../../result';
import { AddOn } from '../add-on.entity';
import { AddOnError } from '../add-on.errors';
import { checkCode, checkProviderId, invalidFields } from '../add-on.input';
import { toAddOnView, type AddOnView } from '../add-on.view';

/** Reads for the APIs. */
@Injectable()
export class AddOnQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Every add-on the provider has ever enabled, enabled or not, by code. */
  async listForProvider(providerId: string): Promise<Result<AddOnView[], AddOnError>> {
    const invalid = invalidFields({ providerId: checkProviderId(providerId) });
    if (invalid) return err(invalid);
    const rows = await this.dataSource
      .getRepository(AddOn)
      .find({ where: { providerId }, order: { code: 'ASC' } });
    return ok(rows.map(toAddOnView));
  }

  async get(providerId: string, code: string): Promise<Result<AddOnView, AddOnError>> {
    const invalid = invalidFields({ providerId: checkProviderId(providerId), code: checkCode(code) });
    if (invalid) return err(invalid);
    const row = await this.dataSource.getRepository(AddOn).findOne({ where: { providerId, code } });
    return row ? ok(toAddOnView(row)) : err(AddOnError.notFound(providerId, code));
  }
}
