import { postGraphql as post, type GraphqlResponse } from '@platform/testing';
import { LOCAL_SERVICE_TOKEN } from '../app/internal-api.config';

export { providerState } from '@my-service/domain';
export { graphqlErrorShape as errorShape, type GraphqlResponse } from '@platform/testing';

/** POSTs one operation as a calling service would: with the dev/test service token unless told otherwise (`null`: none). */
export function postGraphql(
  url: string,
  query: string,
  options: {
    token?: string | null;
    variables?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): Promise<GraphqlResponse> {
  return post(url, query, {
    ...options,
    token: options.token === undefined ? LOCAL_SERVICE_TOKEN : options.token,
  });
}
