import tracer from 'dd-trace';
import { tracingSettings, type Env, type TracingSettings } from '../monitor-env';

let initialised: TracingSettings | undefined;

/**
 * Starts dd-trace when the environment asks for it (see {@link tracingSettings}). Call it
 * before anything else is imported, from a file the app's `main.ts` imports first: dd-trace
 * only instruments libraries (http, express, pg, ioredis, kafkajs, ...) required after it.
 * Later calls return the first result: dd-trace is a process-wide singleton.
 */
export function initTracing(app: string, env: Env = process.env): TracingSettings {
  if (initialised) return initialised;
  const settings = tracingSettings(app, env);
  initialised = settings;
  if (!settings.enabled) return settings;
  tracer.init({
    service: settings.service,
    env: settings.env,
    version: settings.version,
    sampleRate: settings.sampleRate,
    hostname: settings.agentHost,
    port: settings.agentPort,
    // Correlates third-party loggers (pino, winston) too; JsonLogger adds the ids itself.
    logInjection: true,
    startupLogs: false,
  });
  return settings;
}
