import { formatNumber } from './progress';
import type { LatencySummary, Summary } from './stats';

/** `41,203 (39,880–42,010)`: median with the min–max of the runs. */
export function medianRange(s: Summary, digits = 0): string {
  if (s.n === 0) return 'n/a';
  if (s.n === 1) return formatNumber(s.median, digits);
  return `${formatNumber(s.median, digits)} (${formatNumber(s.min, digits)}–${formatNumber(s.max, digits)})`;
}

/** `0.87 (0.84–0.90)` */
export function ratioRange(s: Summary): string {
  return medianRange(s, 2);
}

/** For a target line: three decimals on the median, so that 0.849 does not read as 0.85. */
export function targetRatio(s: Summary): string {
  if (s.n <= 1) return formatNumber(s.median, 3);
  return `${formatNumber(s.median, 3)} (${formatNumber(s.min, 2)}–${formatNumber(s.max, 2)})`;
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms` : 'n/a';
}

export function latencyCells(l: LatencySummary): string[] {
  return [formatNumber(l.n), ms(l.p50), ms(l.p99), ms(l.p999), ms(l.max)];
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
