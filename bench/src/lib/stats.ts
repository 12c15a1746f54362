/** Median and spread of repeated measurements; percentiles of latency samples. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Inter-quartile range bounds (linear interpolation). */
  readonly p25: number;
  readonly p75: number;
}

export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/** The q-quantile (0..1) of ascending `sorted`, linearly interpolated between ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function ascending(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

export function median(values: readonly number[]): number {
  return quantile(ascending(values), 0.5);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = ascending(values);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
  };
}

/** Latency percentiles; p999 needs ~1,000 samples to mean anything, `n` says how many there were. */
export function latencyPercentiles(samples: readonly number[]): LatencySummary {
  const sorted = ascending(samples);
  const sum = sorted.reduce((total, v) => total + v, 0);
  return {
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    p999: quantile(sorted, 0.999),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
}

/**
 * Ratios candidate/baseline of runs made next to each other (same repetition), so that a
 * slow stretch of a noisy machine hits both sides of a pair instead of one variant.
 */
export function pairedRatios(baseline: readonly number[], candidate: readonly number[]): number[] {
  const pairs = Math.min(baseline.length, candidate.length);
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) ratios.push(candidate[i] / baseline[i]);
  return ratios;
}

/** Relative half-width of the min..max range around the median, e.g. 0.04 for ±4 %. */
export function relativeSpread(summary: Summary): number {
  return summary.median === 0 ? Number.NaN : (summary.max - summary.min) / 2 / Math.abs(summary.median);
}
