import type { DataSource } from 'typeorm';
import { LOCAL_SERVICE_TOKEN } from '../app/internal-api.config';

export interface GraphqlResponse {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions: Record<string, any> }> };
}

/** POSTs one operation to `<url>/graphql` as a calling service would: with the dev/test service token unless told otherwise. */
export async function postGraphql(
  url: string,
  query: string,
  options: {
    token?: string | null;
    variables?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): Promise<GraphqlResponse> {
  const token = options.token === undefined ? LOCAL_SERVICE_TOKEN : options.token;
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphqlResponse['body'] };
}

/** The first error's code, reason and fields, or undefined: what clients switch on. */
export const errorShape = (res: GraphqlResponse) => {
  const error = res.body.errors?.[0];
  return (
    error && {
      code: error.extensions['code'],
      reason: error.extensions['reason'],
      fields: error.extensions['fields'],
    }
  );
};

/** What a provider's add-ons and outbox rows look like in the database. */
export async function providerState(db: DataSource, providerId: string) {
  const addOns: Array<{ code: string; enabled: boolean; changed_by: string }> = await db.query(
    'SELECT code, enabled, changed_by FROM add_ons WHERE provider_id = $1 ORDER BY code',
    [providerId],
  );
  const events: Array<{ event_type: string }> = await db.query(
    'SELECT event_type FROM outbox_events WHERE partition_key = $1 ORDER BY "timestamp"',
    [providerId],
  );
  return { addOns, events: events.map((e) => e.event_type) };
}
