import type { MessageBatch, MessageContext } from '@platform/kafkaesque';
import type Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { InboxClaimHeldError } from '../errors/inbox-claim-held.error';
import { InboxUnavailableError } from '../errors/inbox-unavailable.error';
import type { InboxEntry, InboxRunResult, InboxStrategy } from '../idempotency/inbox-strategy.interface';

export interface RedisInboxOptions {
  /** How long a `done` mark is kept; a duplicate arriving later runs the handler again. Default 72 h (docs/wire-contract.md). */
  readonly ttlMs?: number;
  /**
   * How long a claim protects a running handler from a concurrent duplicate. Longer than the
   * slowest handler attempt; a crashed owner's claim blocks that event for this long. Default 60 s.
   */
  readonly lockTtlMs?: number;
  /**
   * `true` (default): one MGET per fetched batch before processing (events already done are
   * skipped without another round trip), and the `done` marks of a batch written in one
   * pipeline before its offsets are committed. `false`: a claim and a mark per message.
   */
  readonly batched?: boolean;
}

/** The commands the strategy uses: an ioredis client, or anything shaped like one. */
export type InboxRedisClient = Pick<Redis, 'set' | 'mget' | 'eval' | 'pipeline'>;

export const DEFAULT_INBOX_TTL_MS = 72 * 3600_000;
export const DEFAULT_INBOX_LOCK_TTL_MS = 60_000;

const DONE = 'done';
const PROCESSING = 'processing:';
/** Local memory of keys in flux is bounded: beyond it, the claims in Redis still protect. */
const MAX_REMEMBERED = 100_000;

// Deletes a claim only while it is still ours: an expired claim taken over by another owner stays.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
// Claims a key that is free or still holds our own claim whose release failed.
const RECLAIM = `local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[3] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return false end
return current`;

interface BatchState {
  /** MGET results by key: `done`, a claim, or null. */
  readonly prefetched: Map<string, string | null>;
  /** Handled in this batch, `done` not yet written. */
  readonly pending: Set<string>;
  /** When the oldest pending key was claimed. */
  oldestPendingAt: number | undefined;
}

/**
 * The inbox in Redis (kafkaesque_addons' RedisInboxStrategy), key
 * `<prefix>.<consumer group>:inbox:<event uuid>` (docs/wire-contract.md). A delivery claims the key
 * with `SET key processing:<owner> NX GET PX <lockTtl>` (one round trip tells free, done or
 * held); the handler runs only for a claim it won; success writes `done` with the TTL, failure
 * deletes the claim if still ours (Lua compare-and-delete). A live claim of another owner is an
 * InboxClaimHeldError and a Redis failure an InboxUnavailableError, both retriable: the message
 * is retried with backoff and stays uncommitted, never skipped.
 */
export class RedisInboxStrategy implements InboxStrategy {
  readonly name = 'redis';
  readonly ttlMs: number;
  readonly lockTtlMs: number;
  readonly batched: boolean;
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private sequence = 0;
  /** Handled, `done` not yet confirmed written: a redelivery writes the mark instead of running the handler. */
  private readonly handled = new Map<string, true>();
  /** Our claims whose release failed: the retry may take them back instead of waiting for expiry. */
  private readonly staleClaims = new Map<string, string>();
  private readonly batches = new WeakMap<MessageBatch, BatchState>();

  constructor(
    private readonly redis: InboxRedisClient,
    options: RedisInboxOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_INBOX_TTL_MS;
    this.lockTtlMs = options.lockTtlMs ?? DEFAULT_INBOX_LOCK_TTL_MS;
    this.batched = options.batched ?? true;
    if (!(this.ttlMs > 0) || !(this.lockTtlMs > 0)) throw new RangeError('ttlMs and lockTtlMs must be > 0');
  }

  /** The key of an entry, e.g. `dev.my_service.add_on_events:inbox:6f1c...`. */
  static keyOf(entry: InboxEntry): string {
    return `${entry.consumerGroup}:inbox:${entry.eventUuid}`;
  }

  async run(
    entry: InboxEntry,
    context: MessageContext,
    handler: () => Promise<void>,
  ): Promise<InboxRunResult> {
    const key = RedisInboxStrategy.keyOf(entry);
    const batch = this.batched && context.batch ? this.stateOf(context.batch) : undefined;
    if (this.handled.has(key)) {
      // Handled before, its mark lost or deferred: write the mark (unless this very batch will).
      if (!batch?.pending.has(key)) await this.markDone([key]);
      return 'duplicate';
    }
    if (batch?.prefetched.get(key) === DONE) return 'duplicate';

    const stale = this.staleClaims.get(key);
    const token = stale ?? `${this.owner}:${++this.sequence}`;
    const claim = PROCESSING + token;
    const claimedAt = Date.now();
    const previous = await this.call('claim', () =>
      stale
        ? (this.redis.eval(RECLAIM, 1, key, claim, this.lockTtlMs, claim) as Promise<string | null>)
        : this.redis.set(key, claim, 'PX', this.lockTtlMs, 'NX', 'GET'),
    );
    this.staleClaims.delete(key);
    if (previous === DONE) return 'duplicate';
    if (previous !== null) {
      throw new InboxClaimHeldError(
        key,
        previous.startsWith(PROCESSING) ? previous.slice(PROCESSING.length) : previous,
      );
    }

    try {
      await handler();
    } catch (error) {
      await this.release(key, token);
      throw error;
    }

    remember(this.handled, key, true);
    if (!batch) {
      await this.markDone([key]);
      return 'processed';
    }
    batch.pending.add(key);
    batch.oldestPendingAt ??= claimedAt;
    // A long batch must not outlive its claims: write the marks early, well before they expire.
    if (Date.now() - batch.oldestPendingAt > this.lockTtlMs / 2)
      await this.writePending(batch).catch(() => undefined);
    return 'processed';
  }

  async prefetch(batch: MessageBatch, entries: readonly InboxEntry[]): Promise<void> {
    if (!this.batched) return;
    const state = this.stateOf(batch);
    const keys = [...new Set(entries.map((entry) => RedisInboxStrategy.keyOf(entry)))];
    if (keys.length === 0) return;
    const values = await this.call('prefetch', () => this.redis.mget(keys));
    keys.forEach((key, index) => state.prefetched.set(key, values[index] ?? null));
  }

  async flush(batch: MessageBatch): Promise<void> {
    const state = this.batches.get(batch);
    if (state) await this.writePending(state);
  }

  private stateOf(batch: MessageBatch): BatchState {
    let state = this.batches.get(batch);
    if (!state) {
      state = { prefetched: new Map(), pending: new Set(), oldestPendingAt: undefined };
      this.batches.set(batch, state);
    }
    return state;
  }

  private async writePending(state: BatchState): Promise<void> {
    if (state.pending.size === 0) return;
    await this.markDone([...state.pending]);
    state.pending.clear();
    state.oldestPendingAt = undefined;
  }

  /** `SET key done PX ttl` for every key, in one round trip. */
  private async markDone(keys: readonly string[]): Promise<void> {
    if (keys.length === 1) {
      await this.call('mark done', () => this.redis.set(keys[0], DONE, 'PX', this.ttlMs));
    } else {
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.set(key, DONE, 'PX', this.ttlMs);
      const results = await this.call('mark done', () => pipeline.exec());
      const failed =
        results?.find(([error]) => error) ?? (results ? undefined : [new Error('pipeline aborted')]);
      if (failed) throw new InboxUnavailableError('mark done', { cause: failed[0] });
    }
    for (const key of keys) this.handled.delete(key);
  }

  /** Frees the key for the retry; when Redis does not answer, remembers the claim to take it back. */
  private async release(key: string, token: string): Promise<void> {
    try {
      await this.redis.eval(RELEASE, 1, key, PROCESSING + token);
    } catch {
      remember(this.staleClaims, key, token);
    }
  }

  private async call<R>(operation: string, command: () => Promise<R>): Promise<R> {
    try {
      return await command();
    } catch (error) {
      throw new InboxUnavailableError(operation, { cause: error });
    }
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}
