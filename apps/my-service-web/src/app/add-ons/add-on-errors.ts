import type { AddOnError } from '@my-service/domain';
import type { DomainErrorMap } from '@platform/web-helpers';

/** How add-on errors read in GraphQL: `extensions.code` from here, `extensions.reason` the domain code. */
export const ADD_ON_ERRORS: DomainErrorMap<AddOnError> = {
  ADD_ON_NOT_FOUND: 'NOT_FOUND',
  ADD_ON_ALREADY_ENABLED: 'CONFLICT',
  ADD_ON_ALREADY_DISABLED: 'CONFLICT',
  INVALID_INPUT: 'BAD_USER_INPUT',
};
