/**
 * Another delivery of the same event is being handled right now (its claim is live). Retriable:
 * kafkaesque retries with backoff until the owner marks it done (this delivery is then skipped),
 * releases it after a failure, or its claim expires (this delivery then runs the handler).
 */
export class InboxClaimHeldError extends Error {
  constructor(
    readonly key: string,
    readonly owner: string,
  ) {
    super(`${key} is being processed by ${owner}; retrying until it is done or released`);
    this.name = 'InboxClaimHeldError';
  }
}
