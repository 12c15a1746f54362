import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Progress } from './lib/progress';
import type { BenchResults } from './lib/results';
import { runBenchmarks } from './run';

// Proves that the benchmarks still run end to end, on the real local infrastructure, in
// quick mode (tiny sizes, one repetition). No timing is asserted: only that each scenario
// ran and reported, and that the result files have their shape.
describe('bench quick mode', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-quick-'));
  const prefix = process.env.BENCH_KAFKA_PREFIX;
  // Topics and groups of their own: a benchmark running meanwhile is not disturbed.
  beforeAll(() => (process.env.BENCH_KAFKA_PREFIX = 'bench-test'));
  afterAll(() => {
    if (prefix === undefined) delete process.env.BENCH_KAFKA_PREFIX;
    else process.env.BENCH_KAFKA_PREFIX = prefix;
    rmSync(outDir, { recursive: true, force: true });
  });

  it('runs the consumer-overhead and outbox-write scenarios and writes results.json, results.md and results.svg', async () => {
    const { results, files, failed } = await runBenchmarks({
      quick: true,
      only: ['consumer-overhead', 'outbox-write'],
      outDir,
      progress: Progress.silent(),
    });

    expect(failed).toEqual([]);
    expect(results.quick).toBe(true);
    expect(results.scenarios.map((s) => s.id)).toEqual(['consumer-overhead', 'outbox-write']);
    for (const scenario of results.scenarios) {
      expect(scenario.skipped).toBeUndefined();
      expect(scenario.targets.length).toBeGreaterThan(0);
      for (const target of scenario.targets) expect([true, false, null]).toContain(target.met);
      expect(scenario.tables[0].rows.length).toBeGreaterThan(0);
      for (const row of scenario.tables[0].rows) expect(row).toHaveLength(scenario.tables[0].columns.length);
      expect(scenario.chart.ratios?.length).toBeGreaterThan(0);
      for (const bar of scenario.chart.ratios ?? []) expect(bar.ratio.median).toBeGreaterThan(0);
    }
    const consumer = results.scenarios[0];
    expect(consumer.profiles[0].byArea.length).toBeGreaterThan(0);

    const json = JSON.parse(readFileSync(files.json, 'utf8')) as BenchResults;
    expect(json.scenarios.map((s) => s.id)).toEqual(['consumer-overhead', 'outbox-write']);
    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toContain('## Targets');
    expect(markdown).toContain('| scenario | target | measured | verdict |');
    for (const scenario of results.scenarios) expect(markdown).toContain(`## ${scenario.title}`);
    const svg = readFileSync(files.svg, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(existsSync(join(outDir, 'raw'))).toBe(true);
  });
});
