import { Injectable } from '@nestjs/common';
import { UUIDIdempotencyPlugin } from '../idempotency/uuid-idempotency.plugin';
import { RedisInboxStrategy } from './redis-inbox.strategy';

/**
 * UUIDIdempotencyPlugin on RedisInboxModule's inbox, for `plugins: [RedisIdempotencyPlugin]`;
 * the uuid is a DebeziumEvent's `eventUuid`. For another uuid source, extend it:
 *
 * ```ts
 * @Injectable()
 * export class HeaderIdIdempotency extends UUIDIdempotencyPlugin {
 *   constructor(inbox: RedisInboxStrategy) { super(inbox, { uuidOf: uuidFromHeader('id') }); }
 * }
 * ```
 */
@Injectable()
export class RedisIdempotencyPlugin extends UUIDIdempotencyPlugin {
  constructor(inbox: RedisInboxStrategy) {
    super(inbox);
  }
}
