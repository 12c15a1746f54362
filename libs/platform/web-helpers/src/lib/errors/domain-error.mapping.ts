import type { GraphQLError } from 'graphql';
import { badUserInput, conflict, forbidden, GraphqlErrorCode, notFound } from './graphql-errors';

/** What a domain error can become in GraphQL. */
export type DomainErrorKind =
  | typeof GraphqlErrorCode.NOT_FOUND
  | typeof GraphqlErrorCode.CONFLICT
  | typeof GraphqlErrorCode.BAD_USER_INPUT
  | typeof GraphqlErrorCode.FORBIDDEN;

/** The shape domain errors share: a stable `code` clients can branch on, and field messages for invalid input. */
export interface CodedError {
  code: string;
  message: string;
  fields?: Readonly<Record<string, string>>;
}

/** One entry per domain code: the compiler reports a code added to the domain but not mapped. */
export type DomainErrorMap<E extends CodedError> = Readonly<Record<E['code'], DomainErrorKind>>;

/** The `Result` the domain returns (`{ ok: true, value } | { ok: false, error }`), without depending on the domain. */
export type ResultLike<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** A typed GraphQL error for a domain error: `extensions.code` is the kind, `extensions.reason` the domain code. */
export function domainErrorToGraphql<E extends CodedError>(error: E, map: DomainErrorMap<E>): GraphQLError {
  const kind: DomainErrorKind = map[error.code as E['code']];
  switch (kind) {
    case GraphqlErrorCode.NOT_FOUND:
      return notFound(error.message, error.code);
    case GraphqlErrorCode.CONFLICT:
      return conflict(error.message, error.code);
    case GraphqlErrorCode.FORBIDDEN:
      return forbidden(error.message);
    case GraphqlErrorCode.BAD_USER_INPUT:
      return badUserInput(error.fields ?? {}, error.code);
    default:
      // An unmapped code is a programming error: let it surface as an internal error.
      throw new Error(`No GraphQL mapping for domain error code "${error.code}"`, { cause: error });
  }
}

/** The value of a successful result; a failed one is thrown as its typed GraphQL error. */
export function valueOrThrow<T, E extends CodedError>(result: ResultLike<T, E>, map: DomainErrorMap<E>): T {
  if (result.ok) return result.value;
  throw domainErrorToGraphql(result.error, map);
}
