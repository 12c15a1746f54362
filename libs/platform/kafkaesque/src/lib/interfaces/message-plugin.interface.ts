import type { MessageBatch } from './message-batch.interface';
import type { MessageContext } from './message-context.interface';

/** Continues the chain: the next plugin, then the handler. Pass a message to replace it downstream. */
export type NextFn<T = unknown> = (message?: T) => Promise<void>;

/**
 * Middleware around a topic's handlers, kafkaesque's `handle_message(message, state, opts, next)`.
 * Plugins run in declared order on every attempt; one may observe, transform (call `next`
 * with another message) or short-circuit (return without calling `next`: the message
 * counts as handled and its offset is committed). A thrown error is a handler failure.
 *
 * Two optional hooks see whole batches (one partition's records fetched together), for
 * plugins that save round trips by working per batch:
 * - `onBatchStart(batch)` runs once before the batch's first message, with every record
 *   already decoded. It may only prepare or optimise: a throw is logged and the batch goes on,
 *   so `handle` must stay correct without it.
 * - `beforeCommit(batch)` runs once after the batch's last processed message, before its
 *   offsets are resolved and committed. A throw keeps every offset of the batch uncommitted:
 *   its messages are fetched and processed again.
 *
 * Neither runs for single messages pushed by `KafkaesqueTestHarness.pushRaw`/`pushDecoded`
 * (`context.batch` is then undefined); `pushBatch` runs both.
 */
export interface MessagePlugin<T = unknown> {
  /** Shown in errors; defaults to the class name. */
  readonly name?: string;
  handle(message: T, context: MessageContext, next: NextFn<T>): Promise<void>;
  onBatchStart?(batch: MessageBatch<T>): Promise<void>;
  beforeCommit?(batch: MessageBatch<T>): Promise<void>;
}
