import { currentEnv, fetchEnv, type AppConfig, type Env } from '@platform/config';
import type { GraphqlLimits } from '@platform/web-helpers';

/** What the internal API needs beyond the shared AppConfig. */
export interface InternalApiOptions {
  /** Every service token currently accepted (more than one while rotating). */
  serviceTokens: string[];
  limits: Partial<GraphqlLimits>;
}

/** Dev and test only (tests call the API with it); production must set INTERNAL_SERVICE_TOKENS. */
export const LOCAL_SERVICE_TOKEN = 'my-service-graphql-local-service-token-not-for-production';

/** Comma-separated, each at least 32 characters. */
export const INTERNAL_API_PROD_ENV = ['INTERNAL_SERVICE_TOKENS'] as const;

/** A full page (100 add-ons with every field, count and page info) costs about 1200. */
export const INTERNAL_API_LIMITS: Partial<GraphqlLimits> = { maxDepth: 6, maxComplexity: 1500 };

/** Defaults in dev and test, the environment in production (like the config lib). */
export function internalApiConfig(config: AppConfig, env: Env = currentEnv()): InternalApiOptions {
  if (config.env !== 'prod') return { serviceTokens: [LOCAL_SERVICE_TOKEN], limits: INTERNAL_API_LIMITS };
  const v = fetchEnv(INTERNAL_API_PROD_ENV, env);
  const serviceTokens = v.INTERNAL_SERVICE_TOKENS.split(',')
    .map((token) => token.trim())
    .filter(Boolean);
  // Length and count are checked by ServiceTokenVerifier when the module starts.
  return { serviceTokens, limits: INTERNAL_API_LIMITS };
}
