import { Inject, Injectable } from '@nestjs/common';
import { AddOn, toAddOnView, type AddOnView } from '@my-service/domain';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { AddOnCursor } from './add-on-cursor';

export interface AddOnSearchFilter {
  providerIds?: readonly string[];
  codes?: readonly string[];
  enabled?: boolean;
  changedBy?: string;
  updatedFrom?: Date;
  updatedBefore?: Date;
}

export interface AddOnSearchResult {
  nodes: AddOnView[];
  totalCount: number;
  last: AddOnCursor | null;
  hasNextPage: boolean;
}

/**
 * Add-ons across providers for back-office reads, keyset-paginated on (provider_id, code),
 * the table's unique key, so pages stay stable while rows change. Inputs must be validated
 * (UUIDs, page size) by the caller. Read-only: it belongs with the domain's AddOnQueries
 * once a second API needs it.
 */
@Injectable()
export class AddOnSearch {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async search(
    filter: AddOnSearchFilter,
    page: { first: number; after?: AddOnCursor },
  ): Promise<AddOnSearchResult> {
    const matching = this.filtered(filter);
    const paged = matching
      .clone()
      .orderBy('a.provider_id', 'ASC')
      .addOrderBy('a.code', 'ASC')
      .limit(page.first + 1);
    if (page.after) {
      paged.andWhere('(a.provider_id, a.code) > (CAST(:afterProviderId AS uuid), :afterCode)', {
        afterProviderId: page.after.providerId,
        afterCode: page.after.code,
      });
    }
    const [rows, totalCount] = await Promise.all([paged.getMany(), matching.getCount()]);
    const nodes = rows.slice(0, page.first).map(toAddOnView);
    const last = nodes.at(-1);
    return {
      nodes,
      totalCount,
      last: last ? { providerId: last.providerId, code: last.code } : null,
      hasNextPage: rows.length > page.first,
    };
  }

  private filtered(filter: AddOnSearchFilter): SelectQueryBuilder<AddOn> {
    const qb = this.dataSource.getRepository(AddOn).createQueryBuilder('a');
    // An empty list means "no condition", like an absent one.
    if (filter.providerIds?.length)
      qb.andWhere('a.provider_id IN (:...providerIds)', { providerIds: filter.providerIds });
    if (filter.codes?.length) qb.andWhere('a.code IN (:...codes)', { codes: filter.codes });
    if (filter.enabled != null) qb.andWhere('a.enabled = :enabled', { enabled: filter.enabled });
    if (filter.changedBy != null) qb.andWhere('a.changed_by = :changedBy', { changedBy: filter.changedBy });
    if (filter.updatedFrom) qb.andWhere('a.updated_at >= :updatedFrom', { updatedFrom: filter.updatedFrom });
    if (filter.updatedBefore)
      qb.andWhere('a.updated_at < :updatedBefore', { updatedBefore: filter.updatedBefore });
    return qb;
  }
}
