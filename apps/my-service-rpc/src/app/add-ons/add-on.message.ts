import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { AddOnView } from '@my-service/domain';
import type { AddOnSchema } from '@proto/contracts';

/** The domain's view of an add-on as the rpc contract's `AddOn` message. */
export function toAddOnMessage(view: AddOnView): MessageInitShape<typeof AddOnSchema> {
  return {
    id: view.id,
    providerId: view.providerId,
    code: view.code,
    name: view.name,
    enabled: view.enabled,
    updatedAt: timestampFromDate(view.updatedAt),
  };
}
