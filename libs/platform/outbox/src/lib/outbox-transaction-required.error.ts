/**
 * An outbox row written outside a transaction could commit without the domain change it
 * announces (or the other way round): a programming error, so it fails loudly.
 */
export class OutboxTransactionRequiredError extends Error {
  constructor(topic: string) {
    super(
      `OutboxWriter needs the EntityManager of an open transaction (dataSource.transaction(manager => ...)) ` +
        `to write an event for topic "${topic}"`,
    );
    this.name = 'OutboxTransactionRequiredError';
  }
}
