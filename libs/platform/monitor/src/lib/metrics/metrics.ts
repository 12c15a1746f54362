/** Tags as `key: value` pairs, sent to DogStatsD as `key:value`. */
export type MetricTags = Record<string, string | number | boolean>;

/**
 * Application metrics, bound to the {@link METRICS} token so tests can swap in a fake
 * through Nest's testing module.
 */
export interface Metrics {
  /** Counts occurrences: messages handled, retries, dead letters. */
  increment(name: string, value?: number, tags?: MetricTags): void;
  /** Distribution of a value measured many times: handler duration, batch size, lag. */
  histogram(name: string, value: number, tags?: MetricTags): void;
  /** Last known value of something: queue depth, pool size. */
  gauge(name: string, value: number, tags?: MetricTags): void;
}

export const METRICS = Symbol('METRICS');
