/** A handler for an event its topic's decoder says the topic never carries (usually a typo). */
export class UnknownEventTypeError extends Error {
  constructor(handler: string, topic: string, eventType: string, known: readonly string[]) {
    super(
      `${handler} handles event "${eventType}" of topic "${topic}", whose decoder knows only: ${known.join(', ')}`,
    );
    this.name = 'UnknownEventTypeError';
  }
}
