import type { LatencySummary, Summary } from './stats';

/** One checked target of the issue, e.g. "framework throughput >= 0.85 of raw". */
export interface TargetCheck {
  readonly scenario: string;
  readonly target: string;
  readonly measured: string;
  /** null when the run could not tell (quick mode's single tiny repetition still reports it, marked quick). */
  readonly met: boolean | null;
}

/** A Markdown-ready table; the JSON keeps the numbers in `data` as well. */
export interface Table {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** Where the CPU went in a profiled run: self time by area and by function. */
export interface ProfileSummary {
  readonly label: string;
  readonly totalMs: number;
  readonly byArea: ReadonlyArray<{ area: string; ms: number; share: number }>;
  readonly topFunctions: ReadonlyArray<{ fn: string; where: string; ms: number; share: number }>;
  readonly file?: string;
}

/** Bars for the chart: a ratio against the baseline with its spread, and the target line. */
export interface RatioBar {
  readonly group: string;
  readonly label: string;
  readonly ratio: Summary;
  readonly target?: number;
}

/** Latency bars for the chart: percentiles per phase, with the floor. */
export interface LatencyBar {
  readonly group: string;
  readonly label: string;
  readonly latency: LatencySummary;
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly durationS: number;
  readonly params: Record<string, unknown>;
  readonly tables: readonly Table[];
  readonly targets: readonly TargetCheck[];
  /** What the measurements say: causes of misses, named from measurements. */
  readonly findings: readonly string[];
  readonly profiles: readonly ProfileSummary[];
  readonly chart: {
    readonly ratios?: readonly RatioBar[];
    readonly latencies?: readonly LatencyBar[];
    /** Vertical lines on the latency panel, e.g. the p99 target. */
    readonly latencyTargets?: ReadonlyArray<{ readonly ms: number; readonly label: string }>;
  };
  /** Scenario-specific numbers (per-run values, summaries), for anyone re-analysing. */
  readonly data: Record<string, unknown>;
  /** Set when the scenario could not run (e.g. a dependency missing); the others still report. */
  readonly skipped?: string;
}

export interface BenchResults {
  readonly quick: boolean;
  readonly startedAt: string;
  readonly durationS: number;
  readonly environment: Record<string, unknown>;
  readonly scenarios: readonly ScenarioResult[];
}
