/** A health query or readiness check for a group no @KafkaConsumer declares. */
export class UnknownConsumerGroupError extends Error {
  constructor(groupId: string, known: readonly string[]) {
    super(`No @KafkaConsumer declares consumer group "${groupId}" (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownConsumerGroupError';
  }
}
