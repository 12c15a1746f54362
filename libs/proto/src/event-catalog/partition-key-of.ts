import { EmptyPartitionKeyError } from './empty-partition-key.error';
import { setCaseOf } from './event-type-of';
import { readPayload } from './read-payload';
import type { EnvelopeOf, TopicEntry } from './topic-entry.types';

/**
 * The outbox partition_key of an envelope: the value of the field its event marks with
 * `(fresha.kafka.v1.partition_key)`, e.g. the provider id. The generator guarantees each
 * event has exactly one such string field; an empty value throws EmptyPartitionKeyError.
 */
export function partitionKeyOf<E extends TopicEntry>(entry: E, envelope: EnvelopeOf<E>): string {
  const eventCase = setCaseOf(entry, envelope);
  const field = entry.partitionKeys[eventCase];
  const key = readPayload(entry, envelope).value?.[field];
  if (typeof key !== 'string' || key === '') {
    throw new EmptyPartitionKeyError(entry.topic, entry.eventTypes[eventCase], field);
  }
  return key;
}
