import { percent } from '../lib/format';
import type { ProfileSummary, Table } from '../lib/results';

/** A profiled run as a table: self time by area, then the top functions. */
export function profileTable(profile: ProfileSummary, areas = 8, functions = 10): Table {
  return {
    caption: `Where the time goes: ${profile.label}, ${profile.totalMs.toFixed(0)} ms sampled (self time)`,
    columns: ['area / function', 'where', 'self ms', 'share'],
    rows: [
      ...profile.byArea.slice(0, areas).map((a) => [`**${a.area}**`, '', a.ms.toFixed(0), percent(a.share)]),
      ...profile.topFunctions
        .slice(0, functions)
        .map((f) => [f.fn, `\`${f.where}\``, f.ms.toFixed(0), percent(f.share)]),
    ],
  };
}

/** One line per profile: the biggest areas, so the note says where the time went. */
export function profileFindings(profiles: readonly ProfileSummary[]): string[] {
  return profiles.map(
    (p) =>
      `Profile of ${p.label}: ` +
      p.byArea
        .slice(0, 5)
        .map((a) => `${a.area} ${percent(a.share)}`)
        .join(', ') +
      `; top functions: ${p.topFunctions
        .slice(0, 4)
        .map((f) => `${f.fn} (${f.where}) ${percent(f.share)}`)
        .join(', ')}.`,
  );
}
