import type { OnApplicationShutdown } from '@nestjs/common';
import { StatsD } from 'hot-shots';
import type { MetricTags, Metrics } from './metrics';

export interface DogStatsdMetricsOptions {
  host: string;
  port: number;
  /** Prepended to every metric name, e.g. `kafkaesque.` gives `kafkaesque.messages.handled`. */
  prefix?: string;
  /** Added to every metric, e.g. `{ service, env }`. */
  globalTags?: MetricTags;
  /** Called when a packet cannot be sent (DNS failure, closed socket); ignored by default. */
  onError?: (error: Error) => void;
}

/**
 * {@link Metrics} over DogStatsD (UDP, fire-and-forget) with hot-shots. Nothing listening on
 * the port is not an error: in dev and test the packets are simply lost.
 */
export class DogStatsdMetrics implements Metrics, OnApplicationShutdown {
  private readonly client: StatsD;

  constructor(options: DogStatsdMetricsOptions) {
    this.client = new StatsD({
      host: options.host,
      port: options.port,
      prefix: options.prefix,
      globalTags: toTags(options.globalTags),
      // Without a handler hot-shots prints every failed send to the console.
      errorHandler: options.onError ?? (() => undefined),
    });
  }

  increment(name: string, value = 1, tags?: MetricTags): void {
    this.client.increment(name, value, toTags(tags));
  }

  histogram(name: string, value: number, tags?: MetricTags): void {
    this.client.histogram(name, value, toTags(tags));
  }

  gauge(name: string, value: number, tags?: MetricTags): void {
    this.client.gauge(name, value, toTags(tags));
  }

  /** Flushes what is buffered and closes the socket. */
  close(): Promise<void> {
    return new Promise((resolve) => this.client.close(() => resolve()));
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

function toTags(tags: MetricTags | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, String(value)]));
}
