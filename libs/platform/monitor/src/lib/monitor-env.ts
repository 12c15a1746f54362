/**
 * The only place the monitor lib reads the environment. Tracing has to be configured before
 * any other module loads (dd-trace patches libraries as they are required), so it cannot wait
 * for @platform/config; keeping every read here makes the variables easy to find.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** Datadog's unified service tags: the same three on spans, log lines and metrics. */
export interface ServiceTags {
  service: string;
  env: string;
  version?: string;
}

export interface TracingSettings extends ServiceTags {
  enabled: boolean;
  sampleRate?: number;
  agentHost?: string;
  agentPort?: number;
}

export interface DogStatsdSettings {
  host: string;
  port: number;
}

/** `DD_SERVICE` (default: the app's name), `DD_ENV` (default `dev`), `DD_VERSION`. */
export function serviceTags(app: string, env: Env = process.env): ServiceTags {
  return { service: env.DD_SERVICE || app, env: env.DD_ENV || 'dev', version: env.DD_VERSION || undefined };
}

/**
 * Tracing is off in dev and test, like the seed's `disabled?: true`: nobody runs an agent
 * locally, so every flush would fail. `DD_TRACE_ENABLED` overrides either way.
 */
export function tracingSettings(app: string, env: Env = process.env): TracingSettings {
  const explicit = env.DD_TRACE_ENABLED;
  const enabled = explicit !== undefined && explicit !== '' ? isTrue(explicit) : env.APP_ENV === 'prod';
  return {
    enabled,
    ...serviceTags(app, env),
    sampleRate: optionalNumber(
      env,
      'DD_TRACE_SAMPLE_RATE',
      (n) => n >= 0 && n <= 1,
      'a number between 0 and 1',
    ),
    agentHost: env.DD_AGENT_HOST || undefined,
    agentPort: optionalNumber(env, 'DD_TRACE_AGENT_PORT', isPort, 'a port number'),
  };
}

/** DogStatsD runs inside the same Datadog agent as the trace intake, hence the shared host. */
export function dogStatsdSettings(env: Env = process.env): DogStatsdSettings {
  return {
    host: env.DD_AGENT_HOST || '127.0.0.1',
    port: optionalNumber(env, 'DD_DOGSTATSD_PORT', isPort, 'a port number') ?? 8125,
  };
}

function isTrue(value: string): boolean {
  return ['true', '1', 'yes'].includes(value.trim().toLowerCase());
}

function isPort(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n < 65536;
}

// A typo in a sampling rate or port should stop the boot, not silently fall back to a default.
function optionalNumber(
  env: Env,
  name: string,
  valid: (n: number) => boolean,
  expected: string,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (Number.isNaN(value) || !valid(value)) throw new Error(`${name} must be ${expected}, got "${raw}"`);
  return value;
}
