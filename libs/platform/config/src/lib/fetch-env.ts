import { MissingEnvironmentError } from './missing-environment.error';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The counterpart of Elixir's `System.fetch_env!/1`, but for many names at once: reads every
 * name and throws one error listing all that are missing or empty, so a broken deployment
 * is fixed in one round instead of one variable per restart.
 */
export function fetchEnv<const K extends string>(
  names: readonly K[],
  env: Env,
  /** Found missing by a section's own reader (e.g. readKafkaConnection), reported in the same error. */
  alsoMissing: readonly string[] = [],
): Record<K, string> {
  const missing = [...names.filter((name) => !env[name]), ...alsoMissing];
  if (missing.length > 0) throw new MissingEnvironmentError(missing);
  return Object.fromEntries(names.map((name) => [name, env[name] as string])) as Record<K, string>;
}

/**
 * The process environment, for config readers outside this lib (an app's own section such as
 * its JWT key). Reading it through here keeps `process.env` in one place (lint rule
 * `platform/no-process-env`) and lets tests pass their own.
 */
export function currentEnv(): Env {
  return process.env;
}
