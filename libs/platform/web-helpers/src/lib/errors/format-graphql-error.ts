import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import type { AppEnvironment } from '@platform/config';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { GraphqlErrorCode } from './graphql-errors';

const logger = new Logger('GraphQL');

/**
 * Apollo `formatError`: typed errors (ours, and GraphQL's own validation errors) go out as
 * they are. Anything else is a bug or an outage: it is logged with its stack, and in
 * production its message (which may name tables, hosts or SQL) is replaced.
 */
export function formatGraphqlError(env: AppEnvironment) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (
      original instanceof GraphQLError ||
      formatted.extensions?.code !== GraphqlErrorCode.INTERNAL_SERVER_ERROR
    ) {
      return formatted;
    }
    logger.error(
      `${formatted.path?.join('.') ?? 'request'}: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`,
    );
    if (env !== 'prod') return formatted;
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: GraphqlErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
