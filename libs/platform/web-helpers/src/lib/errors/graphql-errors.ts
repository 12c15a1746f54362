import { GraphQLError } from 'graphql';

/**
 * The `extensions.code` values our APIs return. Clients switch on these, never on messages.
 * The first two and BAD_USER_INPUT are Apollo's own; the others follow the same style.
 */
export const GraphqlErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
} as const;
export type GraphqlErrorCode = (typeof GraphqlErrorCode)[keyof typeof GraphqlErrorCode];

/** No credentials, or credentials that do not verify. */
export function unauthenticated(message = 'Authentication required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: GraphqlErrorCode.UNAUTHENTICATED } });
}

/** A known caller asking for something that is not theirs. */
export function forbidden(message = 'Forbidden'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: GraphqlErrorCode.FORBIDDEN } });
}

/** `reason` is the stable domain code (e.g. ADD_ON_NOT_FOUND) for clients that need the detail. */
export function notFound(message: string, reason?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: GraphqlErrorCode.NOT_FOUND, ...(reason && { reason }) },
  });
}

/** The request is valid but the current state forbids it, e.g. `reason: 'ADD_ON_ALREADY_ENABLED'`. */
export function conflict(message: string, reason?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: GraphqlErrorCode.CONFLICT, ...(reason && { reason }) },
  });
}

/**
 * Invalid input, with one message per offending field in `extensions.fields`
 * (`{ code: 'must be 2-64 characters...' }`), so a form can show each next to its input.
 */
export function badUserInput(fields: Readonly<Record<string, string>>, reason?: string): GraphQLError {
  const detail = Object.entries(fields)
    .map(([field, problem]) => `${field}: ${problem}`)
    .join('; ');
  return new GraphQLError(`Invalid input: ${detail}`, {
    extensions: { code: GraphqlErrorCode.BAD_USER_INPUT, fields: { ...fields }, ...(reason && { reason }) },
  });
}
