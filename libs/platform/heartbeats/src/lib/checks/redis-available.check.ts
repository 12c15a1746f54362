import type { CheckFn } from '../health-check';

export interface RedisPinger {
  ping(): Promise<string>;
  /** ioredis's connection state (`ready` when usable); when present, with `on`, see below. */
  readonly status?: string;
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * The seed's Redis check: PING answers PONG. On an ioredis client it also remembers the
 * connection's last error, so that while the client is not `ready` (TLS refused, WRONGPASS,
 * connection refused...) the reason says why instead of ioredis's "Stream isn't writeable".
 * The error messages are Redis's and Node's own; neither quotes a password.
 */
export function redisAvailableCheck(redis: RedisPinger): CheckFn {
  let lastError: Error | undefined;
  redis.on?.('error', (error) => (lastError = error));
  return async () => {
    if (redis.status !== undefined && redis.status !== 'ready' && lastError) {
      return { healthy: false, reason: `Redis ${redis.status}: ${lastError.message}` };
    }
    const answer = await redis.ping();
    if (answer !== 'PONG') return { healthy: false, reason: `PING answered "${answer}"` };
  };
}
