import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { AppEnvironment } from '@platform/config';
import type { Request } from 'express';
import { formatGraphqlError } from '../errors/format-graphql-error';
import { complexityLimitPlugin } from './complexity-limit.plugin';
import { depthLimitRule } from './depth-limit.rule';
import { DEFAULT_GRAPHQL_LIMITS, type GraphqlLimits } from './graphql-limits';

export interface GraphqlServerOptions {
  env: AppEnvironment;
  limits?: Partial<GraphqlLimits>;
}

/** What resolvers find in the GraphQL context: the request, carrying the auth state. */
export interface GraphqlRequestContext {
  req: Request;
}

/**
 * The Apollo options every GraphQL app of the service starts from, safe by default:
 * - introspection only in dev and test; GraphiQL only in dev; no landing page otherwise;
 * - depth and complexity limits, no batched requests, CSRF prevention on;
 * - stack traces and internal messages never leave production.
 * Spread it first, then add what the app needs: `{ ...graphqlServerOptions({ env }), driver: ApolloDriver }`.
 */
export function graphqlServerOptions(options: GraphqlServerOptions): Omit<ApolloDriverConfig, 'driver'> {
  const limits = { ...DEFAULT_GRAPHQL_LIMITS, ...options.limits };
  const { env } = options;
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    introspection: env !== 'prod',
    graphiql: env === 'dev',
    // false installs Apollo's "landing page disabled" plugin: GET /graphql shows nothing.
    playground: false,
    includeStacktraceInErrorResponses: env !== 'prod',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    context: ({ req }: { req: Request }): GraphqlRequestContext => ({ req }),
    validationRules: [depthLimitRule(limits.maxDepth)],
    plugins: [complexityLimitPlugin(limits)],
    formatError: formatGraphqlError(env),
  };
}
