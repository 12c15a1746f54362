/** The dead-letter topic did not accept a failed message; its partition blocks rather than lose it. */
export class DeadLetterPublishError extends Error {
  constructor(
    readonly deadLetterTopic: string,
    options: { cause: unknown },
  ) {
    const cause = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`Publishing to dead-letter topic "${deadLetterTopic}" failed: ${cause}`, options);
    this.name = 'DeadLetterPublishError';
  }
}
