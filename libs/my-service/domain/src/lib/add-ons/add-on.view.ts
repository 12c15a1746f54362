import type { AddOn } from './add-on.entity';
import { addOnName } from './add-on-catalog';

/** What APIs return for an add-on: the row plus its catalog name. */
export interface AddOnView {
  id: string;
  providerId: string;
  code: string;
  name: string;
  enabled: boolean;
  changedBy: string;
  updatedAt: Date;
}

export function toAddOnView(row: AddOn): AddOnView {
  return {
    id: row.id,
    providerId: row.providerId,
    code: row.code,
    name: addOnName(row.code) ?? row.code,
    enabled: row.enabled,
    changedBy: row.changedBy,
    updatedAt: row.updatedAt,
  };
}
