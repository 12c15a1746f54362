import type { BenchResults, Table, TargetCheck } from './results';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(table: Pick<Table, 'columns' | 'rows'>): string {
  const lines = [
    `| ${table.columns.map(escapeCell).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function verdict(target: TargetCheck, quick: boolean): string {
  const mark = target.met === null ? '—' : target.met ? 'met' : '**not met**';
  return quick && target.met !== null ? `${mark} (quick: not a measurement)` : mark;
}

/** results.md: the targets first, then each scenario's tables, findings and profiles. */
export function renderMarkdown(results: BenchResults): string {
  const env = results.environment;
  const out: string[] = [
    `# Benchmarks${results.quick ? ' (quick mode: tiny sizes, one run; proves the benchmarks work, measures nothing)' : ''}`,
    '',
    `${results.startedAt}, ${results.durationS.toFixed(0)} s, commit ${String(env['commit'])}, Node ${String(env['node'])}, ` +
      `${String(env['cpus'])} × ${String(env['cpuModel'])}, load average ${JSON.stringify(env['loadAverageAtStart'])} at start ` +
      `and ${JSON.stringify(env['loadAverageAtEnd'])} at end. Produced by \`npm run bench\` (bench/src/run.ts).`,
    '',
    'Method: every variant runs in a fresh Node process (scenarios 1-2) on a fresh consumer group reading the same ' +
      'pre-filled topic; variants are interleaved and counterbalanced (A B, B A, ...) and ratios are paired ' +
      '(candidate / baseline of the same repetition), reported as median (min–max) over the repetitions. ' +
      'Latencies are pooled over the repetitions; each phase is compared with a floor measured in the same run.',
    '',
    '## Targets',
    '',
    markdownTable({
      columns: ['scenario', 'target', 'measured', 'verdict'],
      rows: results.scenarios.flatMap((s) =>
        s.skipped
          ? [[s.title, '—', `did not run: ${s.skipped}`, '—']]
          : s.targets.map((t) => [s.title, t.target, t.measured, verdict(t, results.quick)]),
      ),
    }),
    '',
    '![chart](results.svg)',
    '',
  ];
  for (const scenario of results.scenarios) {
    out.push(`## ${scenario.title}`, '');
    if (scenario.skipped) {
      out.push(`Did not run: ${scenario.skipped}`, '');
      continue;
    }
    out.push(`${scenario.durationS.toFixed(0)} s. Parameters: \`${JSON.stringify(scenario.params)}\``, '');
    for (const table of scenario.tables) out.push(`${table.caption}:`, '', markdownTable(table), '');
    if (scenario.findings.length > 0) {
      out.push('Findings (from the measurements above):', '', ...scenario.findings.map((f) => `- ${f}`), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
