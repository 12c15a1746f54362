import { Injectable } from '@nestjs/common';
import { UUIDIdempotencyPlugin } from '../idempotency/uuid-idempotency.plugin';
import { PostgresInboxStrategy } from './postgres-inbox.strategy';

/**
 * UUIDIdempotencyPlugin on PostgresInboxModule's inbox, for `plugins: [PostgresIdempotencyPlugin]`;
 * the handler writes through `currentInboxTransaction()`.
 */
@Injectable()
export class PostgresIdempotencyPlugin extends UUIDIdempotencyPlugin {
  constructor(inbox: PostgresInboxStrategy) {
    super(inbox);
  }
}
