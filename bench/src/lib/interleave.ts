/**
 * Runs every variant `repetitions` times, interleaved and counterbalanced: even repetitions
 * in the given order, odd ones reversed (A B C, C B A, A B C...), so that the baseline and
 * the first candidate always run next to each other, neither always first, and a drift of
 * the machine (another job starting, a cache warming) spreads over every variant instead of
 * landing on one. Results keep the repetition index for pairing.
 */
export interface InterleavedRun<V extends string, T> {
  readonly variant: V;
  readonly repetition: number;
  readonly result: T;
}

export function interleavedOrder<V extends string>(
  variants: readonly V[],
  repetitions: number,
): Array<{ variant: V; repetition: number }> {
  const order: Array<{ variant: V; repetition: number }> = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const ordered = repetition % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of ordered) order.push({ variant, repetition });
  }
  return order;
}

export async function interleave<V extends string, T>(
  variants: readonly V[],
  repetitions: number,
  run: (variant: V, repetition: number, index: number, total: number) => Promise<T>,
): Promise<Array<InterleavedRun<V, T>>> {
  const order = interleavedOrder(variants, repetitions);
  const results: Array<InterleavedRun<V, T>> = [];
  for (const [index, { variant, repetition }] of order.entries()) {
    results.push({ variant, repetition, result: await run(variant, repetition, index, order.length) });
  }
  return results;
}

/** The results of one variant in repetition order (for paired ratios). */
export function resultsOf<V extends string, T>(runs: ReadonlyArray<InterleavedRun<V, T>>, variant: V): T[] {
  return runs
    .filter((r) => r.variant === variant)
    .sort((a, b) => a.repetition - b.repetition)
    .map((r) => r.result);
}
