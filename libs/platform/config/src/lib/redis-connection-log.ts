/** What watchRedisConnection needs of an ioredis client. */
export interface RedisConnectionEvents {
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/**
 * Handles an ioredis client's connection errors (without a listener ioredis prints "Unhandled
 * error event" on every reconnect attempt) and reports each problem once per outage: a line
 * when the message changes (refused, TLS, WRONGPASS...), none for the reconnects that repeat
 * it, and again after the connection was ready in between. The messages are Redis's and Node's,
 * without credentials.
 */
export function watchRedisConnection(redis: RedisConnectionEvents, report: (line: string) => void): void {
  let last: string | undefined;
  redis.on('error', (error: Error) => {
    if (error.message !== last) report(`connection to Redis: ${error.message}`);
    last = error.message;
  });
  redis.on('ready', () => (last = undefined));
}
