import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU ticks of the machine and of each process of interest, at one instant. */
export interface CpuSnapshot {
  readonly at: number;
  readonly busyMs: number;
  /** Per group (`postgres`, `kafka`, `connect`, `redis`, `this node process`): ms by pid. */
  readonly groups: Record<string, Map<number, number>>;
}

function readStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of a process in ms (fields 14 and 15 of /proc/<pid>/stat). */
function cpuMs(pid: number): number | undefined {
  const fields = readStat(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) * TICK_MS : undefined;
}

export function infraPid(name: 'kafka' | 'connect' | 'redis'): number | undefined {
  const file = join(workspaceRoot(), '.infra/pids', `${name}.pid`);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Seconds since a process started (field 22 of /proc/<pid>/stat), for telling a service that just restarted. */
export function processAgeSeconds(pid: number): number | undefined {
  const fields = readStat(pid);
  if (!fields) return undefined;
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  return uptime - (Number(fields[19]) * TICK_MS) / 1000;
}

/** Every live `postgres` process (postmaster, backends, walsenders): Postgres forks per connection. */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export function cpuSnapshot(extra: Record<string, readonly number[]> = {}): CpuSnapshot {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] ?? 0);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const pidsOf: Record<string, readonly number[]> = {
    postgres: postgresPids(),
    kafka: [infraPid('kafka')].filter((p): p is number => p !== undefined),
    connect: [infraPid('connect')].filter((p): p is number => p !== undefined),
    redis: [infraPid('redis')].filter((p): p is number => p !== undefined),
    'this node process': [process.pid],
    ...extra,
  };
  const groups: Record<string, Map<number, number>> = {};
  for (const [name, pids] of Object.entries(pidsOf)) {
    groups[name] = new Map();
    for (const pid of pids) {
      const ms = cpuMs(pid);
      if (ms !== undefined) groups[name].set(pid, ms);
    }
  }
  return { at: Date.now(), busyMs: (total - idle) * TICK_MS, groups };
}

/**
 * Cores busy on average between two snapshots: machine-wide, per group (per-pid differences:
 * a process that started meanwhile counts whole, one that exited is lost), and `other
 * processes`, what the machine did besides the groups: other jobs sharing it.
 */
export function coresBusy(
  from: CpuSnapshot,
  to: CpuSnapshot,
  extraCpuMs: Record<string, number> = {},
): Record<string, number> {
  const wallMs = Math.max(1, to.at - from.at);
  const result: Record<string, number> = { machine: (to.busyMs - from.busyMs) / wallMs };
  let known = 0;
  for (const [name, pids] of Object.entries(to.groups)) {
    let ms = 0;
    for (const [pid, now] of pids) ms += Math.max(0, now - (from.groups[name]?.get(pid) ?? 0));
    result[name] = ms / wallMs;
    known += ms;
  }
  for (const [name, ms] of Object.entries(extraCpuMs)) {
    result[name] = ms / wallMs;
    known += ms;
  }
  result['other processes'] = Math.max(0, (to.busyMs - from.busyMs - known) / wallMs);
  return result;
}
