import { SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { LOCAL_JWT_SECRET } from '../app/public-api.config';

export interface GraphqlError {
  message: string;
  extensions: Record<string, any>;
}
export interface GraphqlResponse {
  status: number;
  body: { data?: any; errors?: GraphqlError[] };
}

/** POSTs one operation to `<url>/graphql` the way a browser client would. */
export async function postGraphql(
  url: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphqlResponse> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphqlResponse['body'] };
}

/** A user token as the auth service would issue it, signed with the dev/test secret unless told otherwise. */
export function signUserToken(
  claims: { userId: string; providerId: string },
  options: { secret?: string; expiresAt?: number | string } = {},
): Promise<string> {
  return new SignJWT({ provider_id: claims.providerId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? LOCAL_JWT_SECRET));
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
