import { performance } from 'node:perf_hooks';
import type Redis from 'ioredis';
import type { RedisCallStats } from './consume.protocol';

const SINGLE = new Set(['set', 'get', 'mget', 'eval', 'evalsha', 'del']);

/**
 * Wraps an ioredis client to count the round trips a plugin awaits and the time it waits for
 * them (a pipeline's `exec` is one round trip of several commands). Measures, changes nothing.
 */
export function countingRedis(redis: Redis): { client: Redis; stats: () => RedisCallStats } {
  let roundTrips = 0;
  let commands = 0;
  let awaitedMs = 0;
  const timed = <T>(promise: Promise<T>, size: number): Promise<T> => {
    const started = performance.now();
    roundTrips++;
    commands += size;
    return promise.finally(() => (awaitedMs += performance.now() - started));
  };
  const client = new Proxy(redis, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (SINGLE.has(property)) {
        return (...args: unknown[]) =>
          timed((value as (...a: unknown[]) => Promise<unknown>).apply(target, args), 1);
      }
      if (property === 'pipeline') {
        return (...args: unknown[]) => {
          const pipeline = (value as (...a: unknown[]) => ReturnType<Redis['pipeline']>).apply(target, args);
          const exec = pipeline.exec.bind(pipeline);
          pipeline.exec = (() => timed(exec(), pipeline.length)) as typeof pipeline.exec;
          return pipeline;
        };
      }
      return value;
    },
  });
  return { client, stats: () => ({ roundTrips, commands, awaitedMs }) };
}
