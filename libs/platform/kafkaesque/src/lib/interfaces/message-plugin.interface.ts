import type { MessageContext } from './message-context.interface';

/** Continues the chain: the next plugin, then the handler. Pass a message to replace it downstream. */
export type NextFn<T = unknown> = (message?: T) => Promise<void>;

/**
 * Middleware around a topic's handlers, kafkaesque's `handle_message(message, state, opts, next)`.
 * Plugins run in declared order on every attempt; one may observe, transform (call `next`
 * with another message) or short-circuit (return without calling `next`: the message
 * counts as handled and its offset is committed). A thrown error is a handler failure.
 */
export interface MessagePlugin<T = unknown> {
  /** Shown in errors; defaults to the class name. */
  readonly name?: string;
  handle(message: T, context: MessageContext, next: NextFn<T>): Promise<void>;
}
