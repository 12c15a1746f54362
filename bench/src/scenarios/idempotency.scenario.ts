import { redisOptions } from '@platform/config';
import { localKafka } from '@platform/testing';
import Redis from 'ioredis';
import { deleteGroups, runConsumerVariants, variantStats, type VariantStats } from '../lib/consumer-runs';
import { medianRange, ratioRange, targetRatio } from '../lib/format';
import { ensureFilledTopic, RECORD_VALUE_BYTES } from '../lib/records';
import type { Scenario } from '../lib/scenario';
import type { ConsumeVariant } from '../workers/consume.protocol';
import { profileFindings, profileTable } from './profile-findings';

const TARGET = 0.7;
const INBOX_TTL_MS = 15 * 60_000;

const LABELS: Record<string, string> = {
  framework: 'inbox off: kafkaesque as in scenario 1 (baseline)',
  'framework+inbox-batched':
    'Redis inbox, batched (default: MGET per batch, claim per message, marks pipelined)',
  'framework+inbox-per-message': 'Redis inbox, per message (batched: false)',
  'framework+redis-rtt': 'reference: one awaited Redis SET per message, nothing else',
};

/** Deletes the inbox keys the runs left (they also expire after INBOX_TTL_MS). */
async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5_000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * Scenario 2: the Redis inbox (UUIDIdempotencyPlugin + RedisInboxStrategy) on versus off, in
 * its batched and per-message modes, with a line for a single awaited round trip per message
 * to show what one Redis wait costs on its own. The plugin's Redis calls are counted and timed.
 */
export const idempotencyScenario: Scenario = {
  id: 'idempotency',
  title: '2. Idempotency cost: Redis inbox on vs off',
  async run(context) {
    const records = context.quick ? 2_000 : 30_000;
    const partitions = 4;
    const repetitions = context.quick ? 1 : 7;
    const topic = `consumer.records-${RECORD_VALUE_BYTES}b-${records}`;
    const kafka = localKafka('bench', context.config.kafka);
    const fill = await ensureFilledTopic(
      kafka,
      `${context.config.kafka.prefix}.${topic}`,
      records,
      partitions,
      context.log,
    );
    context.log(
      fill.reused
        ? `reusing ${topic} (${records} records)`
        : `filled ${topic} in ${fill.seconds.toFixed(1)} s`,
    );

    const redisConfig = {
      connection: redisOptions(context.config.redis),
      ttlMs: INBOX_TTL_MS,
    };
    const variants: ConsumeVariant[] = [
      'framework',
      'framework+inbox-batched',
      'framework+inbox-per-message',
      'framework+redis-rtt',
    ];
    const redis = new Redis({ ...redisConfig.connection, lazyConnect: true });
    await redis.connect();
    const latency = await redisRoundTripUs(redis);
    let result;
    try {
      result = await runConsumerVariants(context, {
        scenario: 'idempotency',
        topic,
        expected: records,
        variants,
        repetitions,
        redis: redisConfig,
        profile: context.quick
          ? ['framework+inbox-batched']
          : ['framework+inbox-batched', 'framework+inbox-per-message'],
      });
    } finally {
      const deleted = await deleteKeys(redis, `${context.config.kafka.prefix}.idempotency.*`);
      context.log(`deleted ${deleted} inbox keys`);
      redis.disconnect();
    }
    const { runs, profiles, groups } = result;
    await deleteGroups(kafka, groups);

    const stats = Object.fromEntries(variants.map((v) => [v, variantStats(runs, v, 'framework')])) as Record<
      ConsumeVariant,
      VariantStats
    >;
    const off = stats['framework'];
    const batched = stats['framework+inbox-batched'];
    const findings = variants
      .filter((v) => v !== 'framework')
      .map((v) => {
        const s = stats[v];
        const added = s.wallUsPerMsg.median - off.wallUsPerMsg.median;
        const awaited = s.redis?.awaitedUsPerMsg.median ?? 0;
        return (
          `${v}: +${added.toFixed(1)} µs wall time per message over inbox off, of which ${awaited.toFixed(1)} µs awaiting Redis ` +
          `(${s.redis?.roundTripsPerMsg.median.toFixed(2)} awaited round trips and ${s.redis?.commandsPerMsg.median.toFixed(2)} commands per message); ` +
          `CPU +${(s.cpuUsPerMsg.median - off.cpuUsPerMsg.median).toFixed(1)} µs/msg.`
        );
      });
    const rtt = stats['framework+redis-rtt'];
    const budget = off.wallUsPerMsg.median * (1 / TARGET - 1);
    findings.unshift(
      `Inbox off takes ${off.wallUsPerMsg.median.toFixed(1)} µs of wall time per message; ${TARGET} × its throughput allows at most ` +
        `${budget.toFixed(1)} µs more per message. One awaited Redis command alone (reference line) adds ` +
        `${(rtt.wallUsPerMsg.median - off.wallUsPerMsg.median).toFixed(1)} µs: ${(rtt.cpuUsPerMsg.median - off.cpuUsPerMsg.median).toFixed(1)} µs ` +
        `of CPU in the consumer (ioredis command, socket write and read: writeUtf8String in the profile is the write syscall), the rest ` +
        `waiting (${rtt.redis?.awaitedUsPerMsg.median.toFixed(1)} µs from call to answer, client work included). Messages of a partition ` +
        `are handled one after the other, so these costs add up per message. (PING from the idle parent: ${latency.toFixed(0)} µs.)`,
    );
    findings.push(...profileFindings(profiles));
    return {
      params: {
        records,
        partitions,
        valueBytes: RECORD_VALUE_BYTES,
        repetitions,
        inboxTtlMs: INBOX_TTL_MS,
        redisPingUs: latency,
      },
      tables: [
        {
          caption: `Scenario 2: ${records.toLocaleString('en-US')} records, ${repetitions} interleaved run(s) per variant, median (min–max)`,
          columns: [
            'variant',
            'msg/s',
            'CPU µs/msg',
            'throughput vs off',
            'Redis round trips/msg',
            'µs awaiting Redis/msg',
            'other jobs (cores)',
          ],
          rows: variants.map((v) => [
            LABELS[v],
            medianRange(stats[v].msgPerSec),
            medianRange(stats[v].cpuUsPerMsg, 1),
            v === 'framework' ? '1 (baseline)' : ratioRange(stats[v].throughputRatio),
            stats[v].redis ? medianRange(stats[v].redis.roundTripsPerMsg, 2) : '0',
            stats[v].redis ? medianRange(stats[v].redis.awaitedUsPerMsg, 1) : '0',
            medianRange(stats[v].otherCores, 2),
          ]),
        },
        ...profiles.map((p) => profileTable(p)),
      ],
      targets: [
        {
          scenario: '2',
          target: `Redis inbox (default, batched) throughput ≥ ${TARGET} × inbox off`,
          measured: `${targetRatio(batched.throughputRatio)} × off (${medianRange(batched.msgPerSec)} vs ${medianRange(off.msgPerSec)} msg/s)`,
          met: batched.throughputRatio.median >= TARGET,
        },
      ],
      findings,
      profiles,
      chart: {
        ratios: variants
          .filter((v) => v !== 'framework')
          .map((v) => ({
            group: '2 inbox',
            label: v.replace('framework+', ''),
            ratio: stats[v].throughputRatio,
            target: v === 'framework+inbox-batched' ? TARGET : undefined,
          })),
      },
      data: { stats, runs },
    };
  },
};

async function redisRoundTripUs(redis: Redis): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 220; i++) {
    const t0 = process.hrtime.bigint();
    await redis.ping();
    if (i >= 20) samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
