/**
 * `npm run bench [-- --quick] [-- --only <scenario>[,<scenario>]] [-- --out <dir>]`
 *
 * Runs the scenarios one after the other on the local infrastructure, prints progress on
 * stderr and writes results.json, results.md and results.svg to bench/results/ (quick mode:
 * bench/results/quick/). Per-run samples and CPU profiles go to <out>/raw/ (gitignored).
 */
import { ensureInfra, type InfraService } from '@platform/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_ROOT, benchConfig } from './lib/bench-config';
import { Progress } from './lib/progress';
import { renderMarkdown } from './lib/report-markdown';
import { renderSvg } from './lib/report-svg';
import type { BenchResults, ScenarioResult } from './lib/results';
import type { Scenario } from './lib/scenario';
import { consumerOverheadScenario } from './scenarios/consumer-overhead.scenario';
import { debeziumLatencyScenario } from './scenarios/debezium-latency.scenario';
import { idempotencyScenario } from './scenarios/idempotency.scenario';
import { outboxWriteScenario } from './scenarios/outbox-write.scenario';

export const SCENARIOS: readonly Scenario[] = [
  consumerOverheadScenario,
  idempotencyScenario,
  debeziumLatencyScenario,
  outboxWriteScenario,
];

const NEEDS: Record<string, InfraService[]> = {
  'consumer-overhead': ['kafka'],
  idempotency: ['kafka', 'redis'],
  'debezium-latency': ['postgres', 'kafka', 'connect'],
  'outbox-write': ['postgres'],
};

export interface RunOptions {
  readonly quick: boolean;
  /** Scenario ids; all when absent. */
  readonly only?: readonly string[];
  /** Default bench/results (quick: bench/results/quick). */
  readonly outDir?: string;
  readonly progress?: Progress;
}

export interface RunOutput {
  readonly results: BenchResults;
  readonly files: { readonly json: string; readonly markdown: string; readonly svg: string };
  readonly failed: readonly string[];
}

export async function runBenchmarks(options: RunOptions): Promise<RunOutput> {
  const progress = options.progress ?? new Progress();
  const selected = options.only?.length ? SCENARIOS.filter((s) => options.only?.includes(s.id)) : SCENARIOS;
  const unknown = options.only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`,
    );
  const outDir = options.outDir ?? join(BENCH_ROOT, 'results', options.quick ? 'quick' : '');
  const rawDir = join(outDir, 'raw');
  mkdirSync(rawDir, { recursive: true });

  await ensureInfra([...new Set(selected.flatMap((s) => NEEDS[s.id] ?? []))]);
  const config = benchConfig();
  const started = Date.now();
  const environment = describeEnvironment();
  progress.log(
    'bench',
    `${options.quick ? 'quick' : 'full'} mode: ${selected.map((s) => s.id).join(', ')} (prefix ${config.kafka.prefix})`,
  );

  const scenarios: ScenarioResult[] = [];
  const failed: string[] = [];
  for (const scenario of selected) {
    const t0 = Date.now();
    const log = (message: string) => progress.log(scenario.id, message);
    log(`start: ${scenario.title}`);
    try {
      const outcome = await scenario.run({ quick: options.quick, config, rawDir, log });
      scenarios.push({
        id: scenario.id,
        title: scenario.title,
        durationS: (Date.now() - t0) / 1000,
        ...outcome,
      });
      log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } catch (error) {
      failed.push(scenario.id);
      const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`FAILED: ${reason}`);
      scenarios.push(failedScenario(scenario, reason, (Date.now() - t0) / 1000));
    }
  }

  const results: BenchResults = {
    quick: options.quick,
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    environment: { ...environment, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) },
    scenarios,
  };
  const files = {
    json: join(outDir, 'results.json'),
    markdown: join(outDir, 'results.md'),
    svg: join(outDir, 'results.svg'),
  };
  writeFileSync(files.json, await prettified(files.json, `${JSON.stringify(results, null, 2)}\n`));
  writeFileSync(files.markdown, await prettified(files.markdown, renderMarkdown(results)));
  writeFileSync(files.svg, renderSvg(results));
  progress.log(
    'bench',
    `wrote ${files.markdown}, ${files.json}, ${files.svg} in ${results.durationS.toFixed(0)} s`,
  );
  return { results, files, failed };
}

/** In the repo's Prettier style, so that `npm run format:check` stays green after a run. */
async function prettified(file: string, text: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...options, filepath: file });
  } catch {
    return text;
  }
}

function failedScenario(scenario: Scenario, reason: string, durationS: number): ScenarioResult {
  return {
    id: scenario.id,
    title: scenario.title,
    durationS,
    params: {},
    tables: [],
    targets: [],
    findings: [],
    profiles: [],
    chart: {},
    data: {},
    skipped: reason.split('\n').slice(0, 3).join(' '),
  };
}

function describeEnvironment(): Record<string, unknown> {
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string })
        .version;
    } catch {
      return 'unknown';
    }
  };
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: BENCH_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    // not a git checkout
  }
  const cpu = cpus();
  return {
    node: process.version,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    kafkajs: version('kafkajs'),
    ioredis: version('ioredis'),
    commit,
  };
}

function parseArgs(argv: readonly string[]): RunOptions {
  const only: string[] = [];
  let quick = false;
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only.push(...(argv[++i] ?? '').split(','));
    else if (arg.startsWith('--only=')) only.push(...arg.slice('--only='.length).split(','));
    else if (arg === '--out') outDir = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        `usage: npm run bench -- [--quick] [--only ${SCENARIOS.map((s) => s.id).join('|')}[,...]] [--out <dir>]\n`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return { quick, only: only.filter(Boolean), outDir };
}

if (require.main === module) {
  runBenchmarks(parseArgs(process.argv.slice(2)))
    .then(({ files, failed }) => {
      process.stdout.write(readFileSync(files.markdown, 'utf8'));
      process.exit(failed.length > 0 ? 1 : 0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
