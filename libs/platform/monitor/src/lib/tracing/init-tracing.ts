import tracer from 'dd-trace';
import { tracingSettings, type Env, type TracingSettings } from '../monitor-env';

let initialised: TracingSettings | undefined;

// dd-trace's typings do not know the kafkajs plugin's sub-plugins; its CompositePlugin reads
// `config.consumer` / `config.batchConsumer`, `false` turning that part off.
type KafkajsPluginConfig = Parameters<typeof tracer.use<'kafkajs'>>[1];

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
  // kafkaesque consumes with kafkajs' eachBatch; dd-trace would wrap every batch in a root
  // `kafka.consume` span of its own, unrelated to the events' traces (it looks for
  // `x-datadog-*` headers, while the outbox carries the context in `trace_context`).
  // KafkaTracingPlugin makes the consumer spans instead. The producer side stays on.
  tracer.use('kafkajs', { consumer: false, batchConsumer: false } as KafkajsPluginConfig);
  return settings;
}
