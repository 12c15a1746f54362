/** `currentInboxTransaction()` called outside a handler run by the Postgres inbox. */
export class InboxTransactionRequiredError extends Error {
  constructor() {
    super(
      'currentInboxTransaction() is only available inside a handler run by UUIDIdempotencyPlugin with PostgresInboxStrategy',
    );
    this.name = 'InboxTransactionRequiredError';
  }
}
