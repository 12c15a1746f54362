/**
 * A consumer group whose dead-letter topics do not exist, found before it joins (production,
 * where consumers never create topics): its first failing message would otherwise block the
 * partition, the dead-letter publish failing on a missing topic.
 */
export class MissingDeadLetterTopicError extends Error {
  constructor(
    readonly kafkaGroupId: string,
    readonly topics: readonly string[],
  ) {
    super(
      `dead-letter topic${topics.length > 1 ? 's' : ''} ${topics.join(', ')} of consumer ${kafkaGroupId} ` +
        `${topics.length > 1 ? 'do' : 'does'} not exist: provision ${topics.length > 1 ? 'them' : 'it'} ` +
        "(the service's provision-topics step applies its topics file); the consumer retries meanwhile",
    );
    this.name = 'MissingDeadLetterTopicError';
  }
}
