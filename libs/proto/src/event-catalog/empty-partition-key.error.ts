/**
 * The event's partition key field is empty. Kafka would put every such record under the
 * key "", on one partition, out of order with its aggregate: refuse it at the source.
 */
export class EmptyPartitionKeyError extends Error {
  constructor(
    readonly topic: string,
    readonly eventType: string,
    readonly field: string,
  ) {
    super(`${eventType} on topic "${topic}" has an empty partition key field "${field}"`);
    this.name = 'EmptyPartitionKeyError';
  }
}
