import { testConfig, type AppConfig } from '@platform/config';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

/**
 * The benchmarks' config: the test database (`my_service_test`) and a Kafka prefix of their
 * own (`bench`), so topics, groups, connector and slot never collide with tests or dev.
 */
export function benchConfig(): AppConfig {
  const base = testConfig('bench');
  return { ...base, kafka: { ...base.kafka, prefix: process.env.BENCH_KAFKA_PREFIX ?? 'bench' } };
}

export interface BenchOptions {
  readonly quick: boolean;
  /** Where results.json/.md/.svg go. */
  readonly outDir: string;
  /** Per-run samples and CPU profiles (gitignored). */
  readonly rawDir: string;
}

export const BENCH_ROOT = join(workspaceRoot(), 'bench');
export const REGISTER_JS = join(workspaceRoot(), 'tools/testing/register.js');
