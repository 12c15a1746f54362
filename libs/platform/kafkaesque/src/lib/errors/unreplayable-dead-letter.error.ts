/** A record on a dead-letter topic without the `dlq.source.*` headers that say where it came from. */
export class UnreplayableDeadLetterError extends Error {
  constructor(deadLetterTopic: string, partition: number, offset: string) {
    super(
      `${deadLetterTopic}[${partition}] offset ${offset} has no dlq.source.topic header: it cannot be replayed`,
    );
    this.name = 'UnreplayableDeadLetterError';
  }
}
