import { Session } from 'node:inspector';
import type { ProfileSummary } from './results';

/** The parts of a V8 `.cpuprofile` this summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/**
 * Profiles only the measured window (the inspector's sampling profiler started and stopped
 * in-process), unlike `node --cpu-prof`, which would also count module loading and boot.
 */
export async function startCpuProfile(intervalUs = 200): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  const post = <T = unknown>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

/** Which part of the stack a frame belongs to, by its script URL. */
export function areaOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle (waiting for I/O)';
  if (functionName === '(program)') return 'V8/native (program)';
  if (url === '') return 'V8 builtins (JSON, Buffer, RegExp...)';
  if (url.startsWith('node:')) return 'node core';
  const path = url.replace(/^file:\/\//, '');
  const lib = /\/libs\/([^/]+\/[^/]+)\//.exec(path);
  if (lib) return `libs/${lib[1]}`;
  if (path.includes('/bench/src/')) return 'bench harness';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (pkg) return pkg[1];
  return 'other';
}

function shortWhere(url: string, line: number): string {
  if (url === '') return 'native';
  const path = url.replace(/^file:\/\//, '');
  const inRepo = /\/(node_modules\/.*|libs\/.*|bench\/.*)$/.exec(path)?.[1] ?? path;
  return `${inRepo.replace(/^node_modules\//, '')}:${line + 1}`;
}

/** Self time by area and the top functions by self time. */
export function summarizeProfile(profile: CpuProfile, label: string, top = 15): ProfileSummary {
  const byNode = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const next = timeDeltas[i + 1] ?? 0;
    byNode.set(samples[i], (byNode.get(samples[i]) ?? 0) + next);
  }
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const areas = new Map<string, number>();
  const functions = new Map<string, { fn: string; where: string; us: number }>();
  let total = 0;
  for (const [id, us] of byNode) {
    const frame = nodes.get(id);
    if (!frame) continue;
    total += us;
    const area = areaOf(frame.functionName, frame.url);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = frame.functionName || '(anonymous)';
    const where = frame.url ? shortWhere(frame.url, frame.lineNumber) : area;
    const key = `${fn}@${where}`;
    const entry = functions.get(key) ?? { fn, where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const share = (us: number) => (total > 0 ? us / total : 0);
  return {
    label,
    totalMs: total / 1000,
    byArea: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, ms: us / 1000, share: share(us) })),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, where: f.where, ms: f.us / 1000, share: share(f.us) })),
  };
}
