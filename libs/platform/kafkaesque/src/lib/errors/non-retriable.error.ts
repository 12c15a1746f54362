/**
 * Thrown by a handler or plugin for a failure that another attempt cannot fix (a rejected
 * business rule, a malformed payload): the message skips the remaining retries and goes
 * straight to the dead-letter topic, or blocks its partition when the topic has none.
 * Any error with `retriable === false` (kafkajs' own, for instance) is treated the same way.
 */
export class NonRetriableError extends Error {
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetriableError';
  }
}
