import type { MessagePlugin } from '@platform/kafkaesque';
import { RedisInboxStrategy, UUIDIdempotencyPlugin } from '@platform/kafkaesque-addons';
import type Redis from 'ioredis';

/** The Redis inbox as an app enables it (kafkaesque-addons), batched or per message. */
export function inboxPlugin(redis: Redis, options: { batched: boolean; ttlMs: number }): MessagePlugin {
  return new UUIDIdempotencyPlugin(
    new RedisInboxStrategy(redis, { batched: options.batched, ttlMs: options.ttlMs }),
  ) as MessagePlugin;
}
