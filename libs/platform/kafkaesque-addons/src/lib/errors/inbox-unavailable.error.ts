/**
 * The inbox store did not answer (Redis down, a timeout): the message is neither handled nor
 * skipped. Retriable, so kafkaesque retries it with backoff and its offset stays uncommitted.
 */
export class InboxUnavailableError extends Error {
  constructor(operation: string, options: { cause: unknown }) {
    super(
      `inbox ${operation} failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`,
      options,
    );
    this.name = 'InboxUnavailableError';
  }
}
