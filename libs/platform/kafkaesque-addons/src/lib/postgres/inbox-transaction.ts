import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import { InboxTransactionRequiredError } from '../errors/inbox-transaction-required.error';

const storage = new AsyncLocalStorage<EntityManager>();

/**
 * The transaction PostgresInboxStrategy opened around the running handler, the one that holds
 * the inbox row: write through it, and the handler's writes commit or roll back with the row.
 * Throws InboxTransactionRequiredError outside such a handler.
 *
 * ```ts
 * @OnKafkaEvent(AddOnEvents.topic, 'add_on_enabled')
 * async onEnabled(message: AddOnEnabledEvent) {
 *   await currentInboxTransaction().getRepository(AddOn).save(...);
 * }
 * ```
 */
export function currentInboxTransaction(): EntityManager {
  const manager = storage.getStore();
  if (!manager) throw new InboxTransactionRequiredError();
  return manager;
}

/** Runs `work` with `manager` as the current inbox transaction. */
export function runInInboxTransaction<R>(manager: EntityManager, work: () => Promise<R>): Promise<R> {
  return storage.run(manager, work);
}
