import type { KafkaConnectionConfig, RedisConnectionOptions } from '@platform/config';

/** What the parent asks a consumer worker to run, and what it answers. */
export type ConsumeVariant =
  | 'raw'
  | 'raw+decode'
  | 'framework'
  | 'framework+inbox-batched'
  | 'framework+inbox-per-message'
  | 'framework+redis-rtt';

export interface ConsumeInput {
  readonly variant: ConsumeVariant;
  /** `config.kafka`: brokers, TLS, SASL (plain data, so it crosses to the worker as is). */
  readonly connection: KafkaConnectionConfig;
  readonly prefix: string;
  /** Without prefix. */
  readonly topic: string;
  /** Without prefix; fresh per run so that the group reads from the beginning. */
  readonly groupId: string;
  readonly expected: number;
  /** Default `earliest` (read the pre-filled topic); scenario 3 starts at the end. */
  readonly startFrom?: 'earliest' | 'latest';
  readonly timeoutMs: number;
  /** Same fetch settings for every variant (kafkaesque's defaults). */
  readonly tuning: {
    readonly sessionTimeoutMs: number;
    readonly heartbeatIntervalMs: number;
    readonly rebalanceTimeoutMs: number;
    readonly maxBytesPerPartition: number;
    readonly maxWaitTimeMs: number;
  };
  /** `connection` is `redisOptions(config.redis)` (host, port, TLS, ACL user). */
  readonly redis?: { readonly connection: RedisConnectionOptions; readonly ttlMs: number };
  /** Profile the measured window with the inspector (slower run: not counted). */
  readonly profile: boolean;
  readonly rawDir: string;
}

export interface RedisCallStats {
  /** Awaited requests to Redis (a pipeline counts once). */
  readonly roundTrips: number;
  readonly commands: number;
  /** Time spent waiting for those answers, summed. */
  readonly awaitedMs: number;
}

export interface ConsumeOutput {
  readonly variant: ConsumeVariant;
  readonly messages: number;
  readonly wallMs: number;
  readonly cpuUs: number;
  readonly msgPerSec: number;
  readonly cpuUsPerMsg: number;
  /** The worker's CPU over its whole life (boot included), for the machine's CPU accounting. */
  readonly processCpuUs: number;
  readonly redis?: RedisCallStats;
  readonly profileFile?: string;
}

/** kafkaesque's default consumer tuning: what the framework uses unless told otherwise. */
export const FETCH_TUNING: ConsumeInput['tuning'] = {
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  maxBytesPerPartition: 1_048_576,
  maxWaitTimeMs: 5_000,
};
