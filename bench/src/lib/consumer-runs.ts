import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { workspaceRoot } from '@platform/testing';
import type { Kafka } from 'kafkajs';
import type { ConsumeInput, ConsumeOutput, ConsumeVariant } from '../workers/consume.protocol';
import { FETCH_TUNING } from '../workers/consume.protocol';
import { runWorker } from './child';
import { summarizeProfile, type CpuProfile } from './cpu-profile';
import { interleave, resultsOf, type InterleavedRun } from './interleave';
import { coresBusy, cpuSnapshot } from './machine-cpu';
import { formatNumber } from './progress';
import type { ProfileSummary } from './results';
import { runId, slug, type ScenarioContext } from './scenario';
import { pairedRatios, summarize, type Summary } from './stats';

const WORKER = join(__dirname, '../workers/consume.worker.ts');

export interface ConsumerRunsOptions {
  readonly scenario: string;
  /** Without prefix. */
  readonly topic: string;
  readonly expected: number;
  readonly variants: readonly ConsumeVariant[];
  readonly repetitions: number;
  readonly redis?: ConsumeInput['redis'];
  /** Variants to run once more under the CPU profiler (not counted). */
  readonly profile: readonly ConsumeVariant[];
}

/** A worker's answer plus the machine's other load during the run (cores used by other jobs). */
export type MeasuredRun = ConsumeOutput & { readonly otherCores: number };

export interface VariantStats {
  readonly variant: ConsumeVariant;
  readonly msgPerSec: Summary;
  readonly cpuUsPerMsg: Summary;
  /** Wall time per message, µs (1e6 / msg/s). */
  readonly wallUsPerMsg: Summary;
  /** Throughput over the baseline's in the same repetition. */
  readonly throughputRatio: Summary;
  /** Baseline CPU/msg over this variant's: 1 = as cheap as the baseline. */
  readonly cpuEfficiencyRatio: Summary;
  /** Cores used by other jobs on the machine during the runs. */
  readonly otherCores: Summary;
  readonly redis?: { roundTripsPerMsg: Summary; commandsPerMsg: Summary; awaitedUsPerMsg: Summary };
}

/** Runs the variants interleaved, each in a fresh process on a fresh group, then the profiled runs. */
export async function runConsumerVariants(
  context: ScenarioContext,
  options: ConsumerRunsOptions,
): Promise<{
  runs: Array<InterleavedRun<ConsumeVariant, MeasuredRun>>;
  profiles: ProfileSummary[];
  groups: string[];
}> {
  const groups: string[] = [];
  const id = runId();
  const input = (variant: ConsumeVariant, tag: string, profile: boolean): ConsumeInput => {
    const groupId = `${options.scenario}.${slug(variant)}.${id}.${tag}`;
    groups.push(`${context.config.kafka.prefix}.${groupId}`);
    return {
      variant,
      connection: context.config.kafka,
      prefix: context.config.kafka.prefix,
      topic: options.topic,
      groupId,
      expected: options.expected,
      timeoutMs: Math.max(90_000, (options.expected / 1_000) * 1_000),
      tuning: FETCH_TUNING,
      redis: options.redis,
      profile,
      rawDir: context.rawDir,
    };
  };
  const timeoutMs = (i: ConsumeInput) => i.timeoutMs + 60_000;

  const runs = await interleave(
    options.variants,
    options.repetitions,
    async (variant, repetition, index, total) => {
      const request = input(variant, `r${repetition}`, false);
      const before = cpuSnapshot();
      const out = await runWorker<ConsumeInput, ConsumeOutput>(WORKER, request, {
        timeoutMs: timeoutMs(request),
      });
      // What else the machine ran meanwhile (other jobs): the noise this run had to share the cores with.
      const otherCores = coresBusy(before, cpuSnapshot(), { worker: out.processCpuUs / 1000 })[
        'other processes'
      ];
      const redis = out.redis
        ? `, ${(out.redis.roundTrips / out.messages).toFixed(2)} Redis round trips/msg`
        : '';
      context.log(
        `run ${index + 1}/${total} ${variant.padEnd(27)} ${formatNumber(out.msgPerSec).padStart(7)} msg/s, ` +
          `${out.cpuUsPerMsg.toFixed(1)} µs CPU/msg${redis}; other jobs ${otherCores.toFixed(2)} cores`,
      );
      return { ...out, otherCores };
    },
  );

  const profiles: ProfileSummary[] = [];
  for (const variant of options.profile) {
    const request = input(variant, 'profiled', true);
    const out = await runWorker<ConsumeInput, ConsumeOutput>(WORKER, request, {
      timeoutMs: timeoutMs(request),
    });
    if (!out.profileFile) continue;
    const profile = JSON.parse(readFileSync(out.profileFile, 'utf8')) as CpuProfile;
    const summary = summarizeProfile(
      profile,
      `${variant} (${formatNumber(out.messages)} messages, profiled run)`,
    );
    profiles.push({ ...summary, file: relative(workspaceRoot(), out.profileFile) });
    context.log(
      `profiled ${variant}: top area ${summary.byArea[0]?.area} ${(summary.byArea[0]?.share * 100).toFixed(0)} %`,
    );
  }
  return { runs, profiles, groups };
}

export function variantStats(
  runs: ReadonlyArray<InterleavedRun<ConsumeVariant, MeasuredRun>>,
  variant: ConsumeVariant,
  baseline: ConsumeVariant,
): VariantStats {
  const mine = resultsOf(runs, variant);
  const base = resultsOf(runs, baseline);
  const perMsg = (f: (o: MeasuredRun) => number) => summarize(mine.map((o) => f(o) / o.messages));
  return {
    variant,
    msgPerSec: summarize(mine.map((o) => o.msgPerSec)),
    cpuUsPerMsg: summarize(mine.map((o) => o.cpuUsPerMsg)),
    wallUsPerMsg: summarize(mine.map((o) => 1e6 / o.msgPerSec)),
    throughputRatio: summarize(
      pairedRatios(
        base.map((o) => o.msgPerSec),
        mine.map((o) => o.msgPerSec),
      ),
    ),
    cpuEfficiencyRatio: summarize(
      pairedRatios(
        mine.map((o) => o.cpuUsPerMsg),
        base.map((o) => o.cpuUsPerMsg),
      ),
    ),
    otherCores: summarize(mine.map((o) => o.otherCores)),
    redis: mine.every((o) => o.redis)
      ? {
          roundTripsPerMsg: perMsg((o) => o.redis?.roundTrips ?? 0),
          commandsPerMsg: perMsg((o) => o.redis?.commands ?? 0),
          awaitedUsPerMsg: perMsg((o) => (o.redis?.awaitedMs ?? 0) * 1000),
        }
      : undefined,
  };
}

/** Consumer groups of finished runs are empty: delete them so the broker does not keep them for a week. */
export async function deleteGroups(kafka: Kafka, groups: readonly string[]): Promise<void> {
  if (groups.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([...groups]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
