import { interleavedOrder, interleave, resultsOf } from './interleave';
import { latencyPercentiles, median, pairedRatios, quantile, summarize } from './stats';

describe('stats', () => {
  it('interpolates quantiles between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.99)).toBe(10);
    expect(median([5, 1, 3])).toBe(3);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });

  it('summarizes repetitions with median and spread', () => {
    expect(summarize([3, 1, 2, 5, 4])).toEqual({ n: 5, median: 3, min: 1, max: 5, p25: 2, p75: 4 });
  });

  it('pairs ratios by repetition', () => {
    expect(pairedRatios([100, 200], [50, 150])).toEqual([0.5, 0.75]);
  });

  it('gives latency percentiles with the sample count', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1);
    const l = latencyPercentiles(samples);
    expect(l.n).toBe(1000);
    expect(l.p50).toBeCloseTo(500.5);
    expect(l.p99).toBeCloseTo(990.01);
    expect(l.max).toBe(1000);
  });
});

describe('interleave', () => {
  it('alternates and counterbalances: A B, B A, A B; A B C, C B A', () => {
    expect(
      interleavedOrder(['A', 'B'], 3)
        .map((o) => o.variant)
        .join(''),
    ).toBe('ABBAAB');
    expect(
      interleavedOrder(['A', 'B', 'C'], 2)
        .map((o) => o.variant)
        .join(''),
    ).toBe('ABCCBA');
  });

  it('keeps results in repetition order per variant', async () => {
    const runs = await interleave(['A', 'B'], 3, async (variant, repetition) => `${variant}${repetition}`);
    expect(resultsOf(runs, 'B')).toEqual(['B0', 'B1', 'B2']);
  });
});
