/**
 * One measured consumer run in a fresh process (scenarios 1 and 2): joins a fresh group on
 * the pre-filled topic, reads it from the beginning until `expected` messages went through,
 * and reports wall time and this process's CPU time (process.cpuUsage) over that window.
 */
import { kafkaClientConfig } from '@platform/config';
import { DebeziumProtoDecoder } from '@platform/kafkaesque';
import { Kafka, logLevel, type EachBatchPayload } from 'kafkajs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { answer, workerInput } from '../lib/child';
import { startCpuProfile, type CpuProfile } from '../lib/cpu-profile';
import { AddOnEvents } from '../lib/records';
import type { ConsumeInput, ConsumeOutput } from './consume.protocol';
import { startFrameworkConsumer } from './framework-consumer';

/**
 * Counts messages. The window opens at the first message and closes at the `expected`-th, so
 * it holds `expected - 1` messages and every fetch but the first: boot, group join and offset
 * lookup stay out, alike for every variant.
 */
function measuringWindow(expected: number) {
  let count = 0;
  let t0 = 0;
  let t1 = 0;
  let cpu0: NodeJS.CpuUsage = { user: 0, system: 0 };
  let cpu: NodeJS.CpuUsage = { user: 0, system: 0 };
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    done,
    tick(): void {
      if (count === 0) {
        t0 = performance.now();
        cpu0 = process.cpuUsage();
      }
      count++;
      if (count === expected) {
        t1 = performance.now();
        cpu = process.cpuUsage(cpu0);
        finish();
      }
    },
    count: () => count,
    result: () => ({ wallMs: t1 - t0, cpuUs: cpu.user + cpu.system, measured: expected - 1 }),
  };
}

async function main(): Promise<ConsumeOutput> {
  const input = workerInput<ConsumeInput>();
  const window = measuringWindow(input.expected);
  // Profiled runs are extra runs, not counted: the sampler costs time. It starts before the
  // consumer (boot is done by then) and stops at the last message.
  const stopProfile = input.profile ? await startCpuProfile() : undefined;
  let stop: () => Promise<void>;
  let readRedisStats: (() => NonNullable<ConsumeOutput['redis']>) | undefined;

  if (input.variant === 'raw' || input.variant === 'raw+decode') {
    stop = await startRawConsumer(input, () => window.tick());
  } else {
    const started = await startFrameworkConsumer(input, () => window.tick());
    stop = started.stop;
    readRedisStats = started.redisStats;
  }

  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () =>
        reject(
          new Error(
            `${input.variant}: only ${window.count()}/${input.expected} messages after ${input.timeoutMs} ms`,
          ),
        ),
      input.timeoutMs,
    ).unref(),
  );
  await Promise.race([window.done, timeout]);
  const { wallMs, cpuUs, measured } = window.result();
  const redisStats = readRedisStats?.();
  let profileFile: string | undefined;
  if (stopProfile) {
    const profile: CpuProfile = await stopProfile();
    profileFile = join(input.rawDir, `${input.groupId}.cpuprofile`);
    writeFileSync(profileFile, JSON.stringify(profile));
  }
  await stop();
  const life = process.cpuUsage();
  return {
    processCpuUs: life.user + life.system,
    variant: input.variant,
    messages: measured,
    wallMs,
    cpuUs,
    msgPerSec: (measured / wallMs) * 1000,
    cpuUsPerMsg: cpuUs / measured,
    redis: redisStats,
    profileFile,
  };
}

/** Plain kafkajs as one would write it by hand: no-op handler, each offset resolved, the commit awaited per batch. */
async function startRawConsumer(input: ConsumeInput, onMessage: () => void): Promise<() => Promise<void>> {
  const decoder = input.variant === 'raw+decode' ? new DebeziumProtoDecoder(AddOnEvents.envelope) : undefined;
  const kafkaTopic = `${input.prefix}.${input.topic}`;
  const kafka = new Kafka({
    clientId: 'bench-raw',
    ...kafkaClientConfig(input.connection),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: `${input.prefix}.${input.groupId}`,
    sessionTimeout: input.tuning.sessionTimeoutMs,
    heartbeatInterval: input.tuning.heartbeatIntervalMs,
    rebalanceTimeout: input.tuning.rebalanceTimeoutMs,
    maxBytesPerPartition: input.tuning.maxBytesPerPartition,
    maxWaitTimeInMs: input.tuning.maxWaitTimeMs,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [kafkaTopic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async ({
      batch,
      resolveOffset,
      commitOffsetsIfNecessary,
      uncommittedOffsets,
    }: EachBatchPayload) => {
      for (const message of batch.messages) {
        // raw+decode: the same decoder call the framework makes, nothing else (attribution line).
        decoder?.decode({
          topic: kafkaTopic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key ?? null,
          value: message.value,
          headers: {},
          timestamp: message.timestamp,
        });
        onMessage();
        resolveOffset(message.offset);
      }
      await commitOffsetsIfNecessary(uncommittedOffsets());
    },
  });
  return () => consumer.disconnect();
}

void answer(main);
