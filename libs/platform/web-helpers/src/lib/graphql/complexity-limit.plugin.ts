import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { GraphqlErrorCode } from '../errors/graphql-errors';
import { QUERY_TOO_COMPLEX, type GraphqlLimits } from './graphql-limits';

/**
 * Apollo plugin refusing operations that cost more than `maxComplexity`, before any resolver
 * runs. It costs the operation that will actually execute, with its variables (so
 * `first: $n` counts), which a plain validation rule cannot see. Fields declare their cost
 * with Nest's `complexity` option (e.g. a list: `({ childComplexity, args }) => args.first * childComplexity`);
 * every other field costs 1.
 */
export function complexityLimitPlugin(
  limits: Pick<GraphqlLimits, 'maxComplexity' | 'maxQueryNodes'>,
): ApolloServerPlugin {
  const refuse = (message: string, extra: Record<string, unknown>) =>
    new GraphQLError(message, {
      extensions: {
        code: GraphqlErrorCode.GRAPHQL_VALIDATION_FAILED,
        reason: QUERY_TOO_COMPLEX,
        ...extra,
        http: { status: 400 },
      },
    });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              variables: request.variables,
              operationName: request.operationName,
              maxQueryNodes: limits.maxQueryNodes,
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // getComplexity throws when the node budget is exhausted.
            throw refuse(error instanceof Error ? error.message : String(error), {
              maxQueryNodes: limits.maxQueryNodes,
            });
          }
          if (complexity > limits.maxComplexity) {
            throw refuse(`Query complexity is ${complexity}; the maximum is ${limits.maxComplexity}`, {
              complexity,
              maxComplexity: limits.maxComplexity,
            });
          }
        },
      };
    },
  };
}
