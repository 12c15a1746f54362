/**
 * An envelope with no oneof case set carries no event: it has no event_type and no
 * partition key, so it can neither be written to the outbox nor handled.
 */
export class EmptyEnvelopeError extends Error {
  constructor(readonly topic: string) {
    super(`envelope for topic "${topic}" has no event set (its oneof case is undefined)`);
    this.name = 'EmptyEnvelopeError';
  }
}
