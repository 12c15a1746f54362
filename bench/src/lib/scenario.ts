import type { AppConfig } from '@platform/config';
import type { ScenarioResult } from './results';

export interface ScenarioContext {
  readonly quick: boolean;
  readonly config: AppConfig;
  /** Per-run samples and CPU profiles (gitignored). */
  readonly rawDir: string;
  log(message: string): void;
}

/** What a scenario computes; the runner adds id, title and duration. */
export type ScenarioOutcome = Omit<ScenarioResult, 'id' | 'title' | 'durationS'>;

export interface Scenario {
  readonly id: string;
  readonly title: string;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}

/** A Kafka-safe, unique-per-run name piece. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
