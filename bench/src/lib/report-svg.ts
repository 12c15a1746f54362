import type { BenchResults, LatencyBar, RatioBar } from './results';

const WIDTH = 900;
const LABEL = 330;
const ROW = 26;
const PLOT = WIDTH - LABEL - 40;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(content)}</text>`;
}

/** Ratio bars (candidate/baseline): median bar, min–max whisker, target tick. */
function ratioPanel(bars: readonly RatioBar[], top: number): { svg: string[]; height: number } {
  const max = Math.max(1.1, ...bars.map((b) => (Number.isFinite(b.ratio.max) ? b.ratio.max : 0))) * 1.05;
  const x = (v: number) => LABEL + (Math.max(0, v) / max) * PLOT;
  const svg: string[] = [
    text(10, top + 16, 'Throughput vs baseline (median, min–max whisker; | = target)', 'font-weight="bold"'),
  ];
  let y = top + 30;
  for (const tick of [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5].filter((t) => t <= max)) {
    svg.push(`<line x1="${x(tick)}" y1="${y}" x2="${x(tick)}" y2="${y + bars.length * ROW}" stroke="#ddd"/>`);
    svg.push(text(x(tick) - 8, y + bars.length * ROW + 14, tick.toFixed(2), 'font-size="10" fill="#666"'));
  }
  for (const bar of bars) {
    const r = bar.ratio;
    const met = bar.target === undefined ? undefined : r.median >= bar.target;
    const colour = met === undefined ? '#8aa4c8' : met ? '#4caf50' : '#e57373';
    svg.push(text(10, y + 17, `${bar.group}: ${bar.label}`, 'font-size="12"'));
    if (Number.isFinite(r.median)) {
      svg.push(
        `<rect x="${LABEL}" y="${y + 5}" width="${(x(r.median) - LABEL).toFixed(1)}" height="${ROW - 10}" fill="${colour}"/>`,
      );
      svg.push(
        `<line x1="${x(r.min)}" y1="${y + ROW / 2}" x2="${x(r.max)}" y2="${y + ROW / 2}" stroke="#333"/>`,
      );
      svg.push(text(x(Math.max(r.max, r.median)) + 6, y + 17, r.median.toFixed(2), 'font-size="11"'));
    }
    if (bar.target !== undefined) {
      svg.push(
        `<line x1="${x(bar.target)}" y1="${y + 1}" x2="${x(bar.target)}" y2="${y + ROW - 1}" stroke="#000" stroke-width="2"/>`,
      );
    }
    y += ROW;
  }
  return { svg, height: y - top + 24 };
}

/** Latency bars on a log scale: p50 bar, p99 lighter bar, p999 tick. */
function latencyPanel(
  bars: readonly LatencyBar[],
  targets: ReadonlyArray<{ ms: number; label: string }>,
  top: number,
): { svg: string[]; height: number } {
  const values = bars
    .flatMap((b) => [b.latency.p50, b.latency.p99, b.latency.p999])
    .filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.max(0.1, 10 ** Math.floor(Math.log10(Math.min(1, ...values))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(10, ...values)));
  const x = (v: number) =>
    LABEL + ((Math.log10(Math.max(lo, v)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * PLOT;
  const svg: string[] = [
    text(
      10,
      top + 16,
      'Commit-to-handler latency, ms, log scale (dark = p50, light = p99, tick = p999)',
      'font-weight="bold"',
    ),
  ];
  let y = top + 40;
  for (let tick = lo; tick <= hi; tick *= 10) {
    svg.push(`<line x1="${x(tick)}" y1="${y}" x2="${x(tick)}" y2="${y + bars.length * ROW}" stroke="#ddd"/>`);
    svg.push(text(x(tick) - 6, y + bars.length * ROW + 14, String(tick), 'font-size="10" fill="#666"'));
  }
  for (const target of targets) {
    svg.push(
      `<line x1="${x(target.ms)}" y1="${y - 4}" x2="${x(target.ms)}" y2="${y + bars.length * ROW}" stroke="#c62828" stroke-dasharray="4 3"/>`,
    );
    svg.push(text(x(target.ms) + 3, y - 6, target.label, 'font-size="10" fill="#c62828"'));
  }
  for (const bar of bars) {
    const l = bar.latency;
    svg.push(text(10, y + 17, `${bar.group}: ${bar.label}`, 'font-size="12"'));
    if (Number.isFinite(l.p99)) {
      svg.push(
        `<rect x="${LABEL}" y="${y + 5}" width="${(x(l.p99) - LABEL).toFixed(1)}" height="${ROW - 10}" fill="#c5d5ea"/>`,
      );
    }
    if (Number.isFinite(l.p50)) {
      svg.push(
        `<rect x="${LABEL}" y="${y + 8}" width="${(x(l.p50) - LABEL).toFixed(1)}" height="${ROW - 16}" fill="#3f6fb0"/>`,
      );
    }
    if (Number.isFinite(l.p999)) {
      svg.push(
        `<line x1="${x(l.p999)}" y1="${y + 3}" x2="${x(l.p999)}" y2="${y + ROW - 3}" stroke="#333" stroke-width="2"/>`,
      );
    }
    svg.push(
      text(
        x(Math.max(l.p999 || 0, l.p99 || 0)) + 6,
        y + 17,
        `p50 ${l.p50.toFixed(1)} / p99 ${l.p99.toFixed(1)}`,
        'font-size="11"',
      ),
    );
    y += ROW;
  }
  return { svg, height: y - top + 24 };
}

/** results.svg: one panel of ratios (scenarios 1, 2, 4) and one of latencies (scenario 3). */
export function renderSvg(results: BenchResults): string {
  const ratios = results.scenarios.flatMap((s) => s.chart.ratios ?? []);
  const latencies = results.scenarios.flatMap((s) => s.chart.latencies ?? []);
  const parts: string[] = [
    text(
      10,
      22,
      `Benchmarks ${results.quick ? '(quick mode, not a measurement) ' : ''}${results.startedAt}`,
      'font-size="15" font-weight="bold"',
    ),
  ];
  let top = 34;
  if (ratios.length > 0) {
    const panel = ratioPanel(ratios, top);
    parts.push(...panel.svg);
    top += panel.height;
  }
  if (latencies.length > 0) {
    const panel = latencyPanel(
      latencies,
      results.scenarios.flatMap((s) => s.chart.latencyTargets ?? []),
      top,
    );
    parts.push(...panel.svg);
    top += panel.height;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${top + 10}" viewBox="0 0 ${WIDTH} ${top + 10}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
