import { join } from 'node:path';
import type { AppConfig } from './app-config';
import { currentEnv, fetchEnv, type Env } from './fetch-env';
import { InvalidConfigError } from './invalid-config.error';
import { workspaceRoot } from './workspace-root';

/** Where an app's feature flags come from (`@platform/feature-flags`). */
export interface FeatureFlagsConfig {
  /** The Unleash API, e.g. `https://unleash.example.com/api`. */
  url: string;
  /** A backend (client) API token; it decides which Unleash environment the app reads. */
  apiToken: string;
  /** Reported to Unleash, shown in its UI as the app using a flag. */
  appName: string;
  /** How often the flags are fetched again. */
  refreshIntervalMs: number;
  /**
   * A JSON file in Unleash's client API format (`{ "version": 2, "features": [...] }`): the
   * flags' values until Unleash first answers, and for as long as it never has.
   */
  bootstrapFile?: string;
}

/** The variables production must set for an app that uses feature flags. */
export const FEATURE_FLAGS_PROD_ENV = ['UNLEASH_URL', 'UNLEASH_API_TOKEN'] as const;

/** Matches UNLEASH_PORT and UNLEASH_CLIENT_TOKEN in infra/local/infra.env (a test keeps them in agreement). */
export const LOCAL_UNLEASH = {
  url: 'http://127.0.0.1:4242/api',
  apiToken: 'default:development.unleash-local-client-token',
} as const;

/** The flags every dev and test run starts from, for the whole service (repo root `config/`). */
export const LOCAL_FEATURE_FLAGS_FILE = 'config/feature-flags.local.json';

const DEFAULT_REFRESH_MS = { dev: 5_000, test: 1_000, prod: 15_000 } as const;

/**
 * The feature flag section of the config. Not part of {@link AppConfig}: only apps that load
 * `FeatureFlagsModule` read it, so only they need `UNLEASH_*` in production, and a missing one
 * fails their boot when the module is built. Dev and test use the local Unleash of
 * infra/local and the repo's `config/feature-flags.local.json`; `UNLEASH_URL`,
 * `UNLEASH_API_TOKEN`, `UNLEASH_BOOTSTRAP_FILE` and `UNLEASH_REFRESH_INTERVAL_MS` override them.
 */
export function featureFlagsConfig(config: AppConfig, env: Env = currentEnv()): FeatureFlagsConfig {
  const refreshIntervalMs = refreshInterval(env, DEFAULT_REFRESH_MS[config.env]);
  if (config.env === 'prod') {
    const v = fetchEnv(FEATURE_FLAGS_PROD_ENV, env);
    return {
      url: v.UNLEASH_URL,
      apiToken: v.UNLEASH_API_TOKEN,
      appName: config.app,
      refreshIntervalMs,
      bootstrapFile: env.UNLEASH_BOOTSTRAP_FILE || undefined,
    };
  }
  return {
    url: env.UNLEASH_URL || LOCAL_UNLEASH.url,
    apiToken: env.UNLEASH_API_TOKEN || LOCAL_UNLEASH.apiToken,
    appName: config.app,
    refreshIntervalMs,
    bootstrapFile: env.UNLEASH_BOOTSTRAP_FILE || join(workspaceRoot(), LOCAL_FEATURE_FLAGS_FILE),
  };
}

function refreshInterval(env: Env, fallback: number): number {
  const raw = env.UNLEASH_REFRESH_INTERVAL_MS;
  if (!raw) return fallback;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 100) {
    throw new InvalidConfigError([
      `UNLEASH_REFRESH_INTERVAL_MS must be an integer of at least 100, got "${raw}"`,
    ]);
  }
  return ms;
}
