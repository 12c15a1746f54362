import type { CheckFn } from '../health-check';

export interface RedisPinger {
  ping(): Promise<string>;
}

export function redisAvailableCheck(redis: RedisPinger): CheckFn {
  return async () => {
    const answer = await redis.ping();
    if (answer !== 'PONG') return { healthy: false, reason: `PING answered "${answer}"` };
  };
}
