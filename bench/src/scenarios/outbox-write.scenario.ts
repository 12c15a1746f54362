import { OutboxWriter } from '@platform/outbox';
import { randomBytes } from 'node:crypto';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions, EnableAddOnCommand, migrateDatabase } from '../lib/domain';
import { medianRange, ms, ratioRange, targetRatio } from '../lib/format';
import { interleave, resultsOf } from '../lib/interleave';
import { startCpuProfile, summarizeProfile } from '../lib/cpu-profile';
import { coresBusy, cpuSnapshot } from '../lib/machine-cpu';
import { formatNumber } from '../lib/progress';
import type { ProfileSummary, RatioBar, TargetCheck } from '../lib/results';
import type { Scenario } from '../lib/scenario';
import { latencyPercentiles, pairedRatios, summarize, type Summary } from '../lib/stats';
import { profileFindings, profileTable } from './profile-findings';

const TARGET = 0.85;
/** Every provider id of the benchmark starts so: easy to delete afterwards, never a real one. */
const PROVIDER_PREFIX = 'bec4bec4';

type Variant = 'without-outbox' | 'with-outbox';

interface RunResult {
  readonly commands: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Mean time inside outbox.publish per command (0 without outbox). */
  readonly outboxMs: number;
  readonly cores: Record<string, number>;
  /** Share of the run this process's event loop was busy: 1 = the Node side is the bottleneck. */
  readonly eventLoopUtilization: number;
}

/** `bec4bec4-<run>-4xxx-8xxx-xxxxxxxxxxxx`: the run's own ids, so that it deletes only its own rows. */
function providerIds(): { next: () => string; pattern: string } {
  const run = `${PROVIDER_PREFIX}-${randomBytes(2).toString('hex')}`;
  return {
    pattern: `${run}%`,
    next: () => {
      const hex = randomBytes(10).toString('hex');
      return `${run}-4${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${hex.slice(6, 18)}`;
    },
  };
}

/** The real OutboxWriter (no tracing), timing its publish calls. */
class TimedOutboxWriter extends OutboxWriter {
  totalMs = 0;
  calls = 0;
  constructor() {
    super({ current: () => null });
  }
  override async publish(...args: Parameters<OutboxWriter['publish']>): ReturnType<OutboxWriter['publish']> {
    const t0 = performance.now();
    try {
      return await super.publish(...args);
    } finally {
      this.totalMs += performance.now() - t0;
      this.calls++;
    }
  }
}

/** The same command minus the outbox row: identical transaction, publish does nothing. */
const NO_OUTBOX = { publish: async () => undefined } as unknown as OutboxWriter;

/** `clients` concurrent callers, each running commands back to back for `seconds`. */
async function closedLoop(
  command: EnableAddOnCommand,
  clients: number,
  seconds: number,
  providerId: () => string,
): Promise<{ latencies: number[] }> {
  const end = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const result = await command.execute({
          providerId: providerId(),
          code: 'online_payments',
          actorId: 'bench',
        });
        if (!result.ok) throw new Error(`EnableAddOnCommand failed: ${result.error.code}`);
        if (performance.now() <= end) latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies };
}

/**
 * Scenario 4: EnableAddOnCommand throughput with its outbox row versus the very same command
 * whose OutboxWriter writes nothing, at 1, 8 and 32 concurrent callers, on the service's own
 * DataSource settings (pool of 10 connections, as the apps run). Machine CPU per service is
 * sampled per run, since on two cores the outbox row's cost also lands on Postgres and on
 * the Debezium connectors that stream the table.
 */
export const outboxWriteScenario: Scenario = {
  id: 'outbox-write',
  title: '4. Outbox write cost: command with vs without the outbox row',
  async run(context) {
    const concurrencies = [1, 8, 32];
    const repetitions = context.quick ? 1 : 5;
    const seconds = context.quick ? 0.5 : 4;
    await migrateDatabase(context.config);
    const dataSource = new DataSource(dataSourceOptions(context.config));
    await dataSource.initialize();
    const poolSize =
      (dataSource.driver as unknown as { master?: { options?: { max?: number } } }).master?.options?.max ??
      10;
    const timed = new TimedOutboxWriter();
    const ids = providerIds();
    const commands: Record<Variant, EnableAddOnCommand> = {
      'with-outbox': new EnableAddOnCommand(dataSource, timed),
      'without-outbox': new EnableAddOnCommand(dataSource, NO_OUTBOX),
    };
    const variants: Variant[] = ['without-outbox', 'with-outbox'];
    const results = new Map<number, Array<{ variant: Variant; repetition: number; result: RunResult }>>();
    const profiles: ProfileSummary[] = [];
    try {
      // Warm-up: JIT, pool connections, Postgres caches.
      await closedLoop(commands['with-outbox'], 8, context.quick ? 0.3 : 2, ids.next);
      await closedLoop(commands['without-outbox'], 8, context.quick ? 0.3 : 2, ids.next);
      for (const clients of concurrencies) {
        const runs = await interleave(variants, repetitions, async (variant, _repetition, index, total) => {
          timed.totalMs = 0;
          timed.calls = 0;
          const before = cpuSnapshot();
          const elu: EventLoopUtilization = performance.eventLoopUtilization();
          const { latencies } = await closedLoop(commands[variant], clients, seconds, ids.next);
          const eventLoopUtilization = performance.eventLoopUtilization(elu).utilization;
          const cores = coresBusy(before, cpuSnapshot());
          const p = latencyPercentiles(latencies);
          const result: RunResult = {
            commands: latencies.length,
            perSecond: latencies.length / seconds,
            p50Ms: p.p50,
            p99Ms: p.p99,
            outboxMs: timed.calls > 0 ? timed.totalMs / timed.calls : 0,
            cores,
            eventLoopUtilization,
          };
          context.log(
            `${clients} client(s) run ${index + 1}/${total} ${variant.padEnd(14)} ${formatNumber(result.perSecond).padStart(5)} commands/s, ` +
              `p50 ${p.p50.toFixed(1)} ms; cores: Postgres ${cores['postgres'].toFixed(2)}, Connect ${(cores['connect'] ?? 0).toFixed(2)}, ` +
              `bench ${cores['this node process'].toFixed(2)} (event loop ${(eventLoopUtilization * 100).toFixed(0)} % busy), other jobs ${cores['other processes'].toFixed(2)}`,
          );
          return result;
        });
        results.set(clients, runs);
      }
      // Where the bench process's CPU goes per command (an extra run under the profiler, not counted).
      const stop = await startCpuProfile();
      const { latencies } = await closedLoop(commands['with-outbox'], 8, context.quick ? 0.5 : 3, ids.next);
      profiles.push(
        summarizeProfile(
          await stop(),
          `with-outbox, 8 clients (${formatNumber(latencies.length)} commands, profiled run)`,
        ),
      );
    } finally {
      const removed = await dataSource.query('DELETE FROM outbox_events WHERE partition_key LIKE $1', [
        ids.pattern,
      ]);
      await dataSource.query('DELETE FROM add_ons WHERE provider_id::text LIKE $1', [ids.pattern]);
      context.log(`deleted the benchmark's rows (${JSON.stringify(removed?.[1] ?? removed)} outbox rows)`);
      await dataSource.destroy();
    }

    const rows: string[][] = [];
    const targets: TargetCheck[] = [];
    const ratios: RatioBar[] = [];
    const findings: string[] = [];
    const summaries: Record<string, unknown> = {};
    for (const clients of concurrencies) {
      const runs = results.get(clients) ?? [];
      const base = resultsOf(runs, 'without-outbox');
      const withOutbox = resultsOf(runs, 'with-outbox');
      const ratio = summarize(
        pairedRatios(
          base.map((r) => r.perSecond),
          withOutbox.map((r) => r.perSecond),
        ),
      );
      const s = (list: RunResult[], f: (r: RunResult) => number): Summary => summarize(list.map(f));
      for (const [variant, list] of [
        ['without-outbox', base],
        ['with-outbox', withOutbox],
      ] as const) {
        rows.push([
          String(clients),
          variant,
          medianRange(s(list, (r) => r.perSecond)),
          ms(s(list, (r) => r.p50Ms).median),
          ms(s(list, (r) => r.p99Ms).median),
          variant === 'with-outbox' ? ms(s(list, (r) => r.outboxMs).median) : '—',
          s(list, (r) => r.cores['postgres']).median.toFixed(2),
          s(list, (r) => r.cores['connect'] ?? 0).median.toFixed(2),
          `${s(list, (r) => r.cores['this node process']).median.toFixed(2)} (loop ${(s(list, (r) => r.eventLoopUtilization).median * 100).toFixed(0)} %)`,
          s(list, (r) => r.cores['other processes']).median.toFixed(2),
          s(list, (r) => r.cores['machine']).median.toFixed(2),
          variant === 'with-outbox' ? ratioRange(ratio) : '1 (baseline)',
        ]);
      }
      targets.push({
        scenario: '4',
        target: `${clients} client(s): throughput with outbox ≥ ${TARGET} × without`,
        measured: `${targetRatio(ratio)} × (${medianRange(s(withOutbox, (r) => r.perSecond))} vs ${medianRange(s(base, (r) => r.perSecond))} commands/s)`,
        met: ratio.median >= TARGET,
      });
      ratios.push({ group: '4 outbox', label: `${clients} client(s)`, ratio, target: TARGET });
      const p50Base = s(base, (r) => r.p50Ms).median;
      const p50With = s(withOutbox, (r) => r.p50Ms).median;
      const publish = s(withOutbox, (r) => r.outboxMs).median;
      const pgBase = s(base, (r) => r.cores['postgres'] / r.perSecond).median * 1e6;
      const pgWith = s(withOutbox, (r) => r.cores['postgres'] / r.perSecond).median * 1e6;
      const cnWith = s(withOutbox, (r) => (r.cores['connect'] ?? 0) / r.perSecond).median * 1e6;
      const cnBase = s(base, (r) => (r.cores['connect'] ?? 0) / r.perSecond).median * 1e6;
      const nodeBase = s(base, (r) => r.cores['this node process'] / r.perSecond).median * 1e6;
      const nodeWith = s(withOutbox, (r) => r.cores['this node process'] / r.perSecond).median * 1e6;
      const machineBase = s(base, (r) => r.cores['machine']).median;
      const machineWith = s(withOutbox, (r) => r.cores['machine']).median;
      const loopBase = s(base, (r) => r.eventLoopUtilization).median;
      const loopWith = s(withOutbox, (r) => r.eventLoopUtilization).median;
      findings.push(
        `${clients} client(s): command p50 ${p50Base.toFixed(2)} → ${p50With.toFixed(2)} ms with the outbox; outbox.publish itself ` +
          `(envelope, serialisation, INSERT round trip) takes ${publish.toFixed(2)} ms per command. Postgres CPU per command ` +
          `${pgBase.toFixed(0)} → ${pgWith.toFixed(0)} µs; Kafka Connect (Debezium connectors streaming outbox_events) ` +
          `${cnBase.toFixed(0)} → ${cnWith.toFixed(0)} µs per command; this Node process (TypeORM, pg, the command) ` +
          `${nodeBase.toFixed(0)} → ${nodeWith.toFixed(0)} µs per command, its event loop ${(loopBase * 100).toFixed(0)} → ${(loopWith * 100).toFixed(0)} % busy. ` +
          `Machine: ${machineBase.toFixed(2)} → ${machineWith.toFixed(2)} of 2 cores busy.`,
      );
      summaries[String(clients)] = { ratio, runs };
    }
    return {
      params: {
        concurrencies,
        repetitions,
        secondsPerRun: seconds,
        poolSize,
        command: 'EnableAddOnCommand (fresh provider each call)',
      },
      tables: [
        {
          caption: `Scenario 4: EnableAddOnCommand with vs without its outbox row, ${repetitions} interleaved run(s) of ${seconds} s each, median (min–max); cores = average CPU cores busy during the run`,
          columns: [
            'clients',
            'variant',
            'commands/s',
            'p50',
            'p99',
            'in outbox.publish',
            'Postgres cores',
            'Connect cores',
            'bench cores (event loop busy)',
            'other jobs cores',
            'machine cores',
            'throughput vs without',
          ],
          rows,
        },
        ...profiles.map((p) => profileTable(p)),
      ],
      targets,
      findings: [...findings, ...profileFindings(profiles)],
      profiles,
      chart: { ratios },
      data: summaries,
    };
  },
};
