import { currentEnv, fetchEnv, InvalidConfigError, type AppConfig, type Env } from '@platform/config';
import {
  JWT_ALGORITHMS,
  type GraphqlLimits,
  type JwtAlgorithm,
  type JwtVerificationOptions,
} from '@platform/web-helpers';

/** What the public API needs beyond the shared AppConfig. */
export interface PublicApiOptions {
  jwt: JwtVerificationOptions;
  limits: Partial<GraphqlLimits>;
}

/** Dev and test only (tests sign their tokens with it); production must set JWT_VERIFICATION_KEY. */
export const LOCAL_JWT_SECRET = 'my-service-web-local-jwt-secret-not-for-production';

/** Variables production must set; JWT_ISSUER and JWT_AUDIENCE are optional (checked when set). */
export const PUBLIC_API_PROD_ENV = ['JWT_ALGORITHM', 'JWT_VERIFICATION_KEY'] as const;

/**
 * Sized for the schema: an add-on list costs 10 per item it may hold, so a provider with its
 * add-ons costs about 50, and a query that fans out through provider -> addOns -> provider is refused.
 */
export const PUBLIC_API_LIMITS: Partial<GraphqlLimits> = { maxDepth: 6, maxComplexity: 250 };

/**
 * The public API's settings, read like the config lib reads the rest: defaults in dev and test,
 * everything from the environment in production (all missing variables reported at once).
 */
export function publicApiConfig(config: AppConfig, env: Env = currentEnv()): PublicApiOptions {
  if (config.env !== 'prod') {
    return { jwt: { algorithm: 'HS256', key: LOCAL_JWT_SECRET }, limits: PUBLIC_API_LIMITS };
  }
  const v = fetchEnv(PUBLIC_API_PROD_ENV, env);
  if (!JWT_ALGORITHMS.includes(v.JWT_ALGORITHM as JwtAlgorithm)) {
    throw new InvalidConfigError([
      `JWT_ALGORITHM must be one of ${JWT_ALGORITHMS.join(', ')}, got "${v.JWT_ALGORITHM}"`,
    ]);
  }
  return {
    jwt: {
      algorithm: v.JWT_ALGORITHM as JwtAlgorithm,
      // A PEM in a single-line variable usually arrives with escaped newlines.
      key: v.JWT_VERIFICATION_KEY.replace(/\\n/g, '\n'),
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
    },
    limits: PUBLIC_API_LIMITS,
  };
}
