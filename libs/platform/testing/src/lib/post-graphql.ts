/** A GraphQL HTTP response as tests look at it. */
export interface GraphqlResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary data shapes
  body: { data?: any; errors?: Array<{ message: string; extensions: Record<string, any> }> };
}

/** POSTs one operation to `<url>/graphql` as a client would, with a bearer token when given. */
export async function postGraphql(
  url: string,
  query: string,
  options: {
    token?: string | null;
    variables?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
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

/** The first error's code, reason and fields, or undefined: what clients switch on. */
export function graphqlErrorShape(res: GraphqlResponse) {
  const error = res.body.errors?.[0];
  return (
    error && {
      code: error.extensions['code'],
      reason: error.extensions['reason'],
      fields: error.extensions['fields'],
    }
  );
}
