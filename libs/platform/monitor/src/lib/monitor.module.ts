import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JsonLogger } from './logging/json-logger';
import { DogStatsdMetrics } from './metrics/dogstatsd-metrics';
import { METRICS } from './metrics/metrics';
import { dogStatsdSettings, serviceTags } from './monitor-env';
import { LOGGER, MONITOR_OPTIONS, type MonitorOptions } from './monitor.options';

/**
 * Provides the JSON logger ({@link LOGGER}) and DogStatsD metrics ({@link METRICS}). Global
 * so that framework libraries (kafkaesque's `metrics: true`, outbox) can inject them without every
 * feature module importing this one. Tracing is not started here: see `initTracing`.
 */
@Global()
@Module({})
export class MonitorModule {
  static forRoot(options: MonitorOptions): DynamicModule {
    return {
      module: MonitorModule,
      providers: [
        { provide: MONITOR_OPTIONS, useValue: options },
        {
          provide: LOGGER,
          useFactory: () => new JsonLogger({ service: options.service, logLevels: options.logLevels }),
        },
        { provide: METRICS, useFactory: () => createMetrics(options) },
      ],
      exports: [LOGGER, METRICS],
    };
  }
}

function createMetrics(options: MonitorOptions): DogStatsdMetrics {
  const statsd = dogStatsdSettings();
  const { service, env, version } = serviceTags(options.service);
  return new DogStatsdMetrics({
    host: options.metrics?.host ?? statsd.host,
    port: options.metrics?.port ?? statsd.port,
    prefix: options.metrics?.prefix,
    globalTags: version ? { service, env, version } : { service, env },
  });
}
